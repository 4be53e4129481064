import type { GraphQLSchema } from 'graphql'
import { internalField } from '../internal-query.js'
import { findById, type RequestScope } from '../../federation/index.js'

/** The licence fields verification needs: the record and every signed form. */
const licenceInfo = internalField(`query {
  certificate(id: "") {
    id typeName number issuingAuthority issuedOn validFrom validUntil status
    issuingRegion { code name nameEn platform districts { code name formerCodes { code name until } } available }
    holder { name idNumber kind }
    signed { data jws cms seal ofd }
  }
}`)

export interface LicenceRecord {
  id: string
  typeName: string
  number: string
  issuingAuthority: string
  issuedOn: string
  validFrom: string
  validUntil: string | null
  status: 'VALID' | 'REVOKED' | 'EXPIRED' | 'SUSPENDED'
  issuingRegion: { code: string; name: string }
  holder: { name: string; idNumber: string; kind: string }
  signed: { data: string | null; jws: string | null; cms: string | null; seal: string | null; ofd: string | null } | null
}

/**
 * Fetches a licence and its signed forms from its issuing region through the ordinary
 * translation path (the plan is compiled once for this fixed selection and cached).
 */
export async function fetchLicence(scope: RequestScope, schema: GraphQLSchema, id: string): Promise<LicenceRecord | null> {
  return (await findById(scope, 'certificate', id, licenceInfo(schema))) as LicenceRecord | null
}

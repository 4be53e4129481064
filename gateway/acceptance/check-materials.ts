import { createHash } from 'node:crypto'
import type { Federation, RequestScope } from '../../federation/index.js'
import { GatewayError } from '../errors.js'
import { verifyCertificate, type CertificateVerification } from '../verification/verify-certificate.js'
import type { GatewayTrust } from '../verification/trust-material.js'
import type { GraphQLSchema } from 'graphql'
import type { MaterialInput } from './application-input.js'
import type { MaterialRecord } from './remote-case.js'

const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex')

/**
 * Verifies every certificate material (all in parallel) and digests every material. Any
 * certificate that is not TOTAL_PASSED refuses the whole application, naming each failed
 * material with its sub-indication, so the clerk can tell the applicant what to fix.
 * @throws GatewayError MATERIAL_REJECTED (extensions.materials) or BAD_USER_INPUT
 */
export async function checkMaterials(
  materials: readonly MaterialInput[],
  ctx: { trust: GatewayTrust | undefined; federation: Federation; scope: RequestScope; schema: GraphQLSchema },
): Promise<MaterialRecord[]> {
  const results = await Promise.all(
    materials.map(async (m): Promise<{ record: MaterialRecord; verdict?: CertificateVerification }> => {
      if (m.fileSha256) {
        return { record: { name: m.name, kind: 'FILE', certificateId: null, format: null, digest: m.fileSha256.toLowerCase(), indication: null } }
      }
      const verdict = await verifyCertificate(
        { certificateId: m.certificateId ?? null, jws: m.jws ?? null, cms: m.cms ?? null, data: m.data ?? null, seal: m.seal ?? null, ofd: m.ofd ?? null },
        ctx,
      )
      // Digest of what was given: the licence's signed content for an id, else the signed form.
      const signed = verdict.certificate?.signed
      const given = m.certificateId ? (typeof signed?.data === 'string' ? signed.data : m.certificateId) : (m.jws ?? m.cms ?? m.seal ?? m.ofd ?? '')
      return {
        verdict,
        record: {
          name: m.name,
          kind: 'CERTIFICATE',
          certificateId: verdict.certificate?.id ?? m.certificateId ?? null,
          format: verdict.reports.map((r) => r.format).join('+') || null,
          digest: sha256(given),
          indication: verdict.indication,
        },
      }
    }),
  )
  const rejected = results
    .map((r, index) => ({ index, r }))
    .filter(({ r }) => r.verdict && r.verdict.indication !== 'TOTAL_PASSED')
    .map(({ index, r }) => ({ index, name: r.record.name, indication: r.verdict!.indication, subIndication: r.verdict!.subIndication ?? null, reason: r.verdict!.reason }))
  if (rejected.length) {
    throw new GatewayError(
      'MATERIAL_REJECTED',
      `${rejected.length} material(s) failed verification: ${rejected.map((x) => `${x.name} (${x.subIndication ?? x.indication})`).join(', ')}`,
      { details: { materials: rejected } },
    )
  }
  return results.map((r) => r.record)
}

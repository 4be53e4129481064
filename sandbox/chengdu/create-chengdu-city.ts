import { createSchema } from 'graphql-yoga'
import type { CityOptions } from '../city-options.js'
import { createCityServer, type SandboxCity } from '../city-server.js'
import { createRemoteIntake } from '../intake/create-remote-intake.js'
import { signedFieldResolvers, signedFormsFor } from '../pki/city-signing.js'
import { readLocalSchema } from '../region-files.js'
import { sandboxSeed } from '../seed/create-seed.js'
import { CHENGDU_CODE, createChengduData, type ChengduData, type CdLicence } from './chengdu-data.js'
import { chengduIntakeResolvers, chengduIntakeStore } from './chengdu-intake.js'
import { chengduResolvers } from './chengdu-resolvers.js'

/**
 * 天府蓉易办 (Chengdu): camelCase, ISO-8601 `DateTime`, Relay connections, applicant as a union.
 * @example
 * const chengdu = createChengduCity({ port: 4101 })
 * await chengdu.start() // http://127.0.0.1:4101/graphql
 */
export function createChengduCity(options?: CityOptions): SandboxCity<ChengduData> {
  const seed = sandboxSeed()
  const data = createChengduData(seed)
  const intake = createRemoteIntake({ code: CHENGDU_CODE, store: chengduIntakeStore(data), seed })
  const forms = signedFormsFor(CHENGDU_CODE, options?.pki, seed)
  const signedLicenceResolvers = { Licence: signedFieldResolvers(forms, (l: CdLicence) => l.licenceId, { data: 'signedContent', jws: 'signedJws', cms: 'cmsSignature', seal: 'electronicSeal' }) }
  const schema = createSchema({ typeDefs: readLocalSchema('chengdu'), resolvers: { ...chengduResolvers(data), ...chengduIntakeResolvers(intake), ...signedLicenceResolvers } })
  return createCityServer({ code: CHENGDU_CODE, name: seed.cities[CHENGDU_CODE]!.region.name, schema, data, intake }, options)
}

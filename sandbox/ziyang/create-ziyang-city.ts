import { buildSubgraphSchema } from '@apollo/subgraph'
import { parse } from 'graphql'
import type { CityOptions } from '../city-options.js'
import { createCityServer, type SandboxCity } from '../city-server.js'
import { createRemoteIntake } from '../intake/create-remote-intake.js'
import { signedFieldResolvers, signedFormsFor } from '../pki/city-signing.js'
import { readLocalSchema } from '../region-files.js'
import { sandboxSeed } from '../seed/create-seed.js'
import { createZiyangData, ZIYANG_CODE, type ZiyangData, type ZyEDocument } from './ziyang-data.js'
import { ziyangIntakeResolvers, ziyangIntakeStore } from './ziyang-intake.js'
import { ziyangResolvers } from './ziyang-resolvers.js'

/**
 * 资阳市政务服务平台: an Apollo Federation v2 subgraph built with `buildSubgraphSchema`, so it
 * answers `_service { sdl }` and `_entities` exactly as a production subgraph would.
 * @example
 * const ziyang = createZiyangCity({ port: 4104 })
 * await ziyang.start()
 */
export function createZiyangCity(options?: CityOptions): SandboxCity<ZiyangData> {
  const seed = sandboxSeed()
  const data = createZiyangData(seed)
  const intake = createRemoteIntake({ code: ZIYANG_CODE, store: ziyangIntakeStore(data), seed })
  const forms = signedFormsFor(ZIYANG_CODE, options?.pki, seed)
  const withSignedForms = <R extends { EDocument: object }>(r: R) => ({ ...r, EDocument: { ...r.EDocument, ...signedFieldResolvers(forms, (l: ZyEDocument) => l.docNo, { data: 'rawContent', jws: 'jwsToken', cms: 'pkcs7', seal: 'sealValue', ofd: 'ofdPackage' }) } })
  const schema = buildSubgraphSchema({
    typeDefs: parse(readLocalSchema('ziyang')),
    resolvers: withSignedForms({ ...ziyangResolvers(data), ...ziyangIntakeResolvers(intake) }),
  })
  return createCityServer({ code: ZIYANG_CODE, name: seed.cities[ZIYANG_CODE]!.region.name, schema, data, intake }, options)
}

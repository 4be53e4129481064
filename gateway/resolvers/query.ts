import type { GraphQLResolveInfo } from 'graphql'
import {
  competentRegion,
  FederationError,
  findById,
  listCases,
  listCertificates,
  toCanonicalDateTime,
  type CaseFilterInput,
  type CompetenceFacts,
  type MatterFilter,
} from '../../federation/index.js'
import type { GatewayContext } from '../context.js'
import { verifyCertificate, type VerifyCertificateInput } from '../verification/verify-certificate.js'
import { remoteCaseAsCase } from './acceptance.js'

type Args<T> = T

const beijing = (iso: string | undefined) => (iso ? (toCanonicalDateTime('iso8601', iso) ?? iso) : null)

/** Root query fields of the canonical schema; each hands off to the federation layer. */
export const queryResolvers = {
  regions: (_: unknown, __: unknown, ctx: GatewayContext) => ctx.federation.regions,
  region: (_: unknown, { code }: Args<{ code: string }>, ctx: GatewayContext) => {
    try {
      return ctx.federation.divisions.resolve(code).region
    } catch (err) {
      // A well-formed code of an area outside the federation is simply not here.
      if (err instanceof FederationError && err.code === 'REGION_OUTSIDE_FEDERATION') return null
      throw err
    }
  },
  matters: (_: unknown, { filter }: Args<{ filter?: MatterFilter | null }>, ctx: GatewayContext) => ctx.federation.catalogue.filter(filter),
  matter: (_: unknown, { code }: Args<{ code: string }>, ctx: GatewayContext) => ctx.federation.catalogue.get(code) ?? null,
  // Gateway-held remote cases (TB-…) come from the store, with their merged history.
  case: (_: unknown, { id }: Args<{ id: string }>, ctx: GatewayContext, info: GraphQLResolveInfo) =>
    id.startsWith('TB-') ? remoteCaseAsCase(id, ctx) : findById(ctx.scope, 'case', id, info),
  cases: (
    _: unknown,
    args: Args<{ filter?: CaseFilterInput | null; first?: number | null; after?: string | null }>,
    ctx: GatewayContext,
    info: GraphQLResolveInfo,
  ) => listCases(ctx.scope, args, info),
  certificate: (_: unknown, { id }: Args<{ id: string }>, ctx: GatewayContext, info: GraphQLResolveInfo) =>
    findById(ctx.scope, 'certificate', id, info),
  certificates: (_: unknown, { holderId }: Args<{ holderId: string }>, ctx: GatewayContext, info: GraphQLResolveInfo) =>
    listCertificates(ctx.scope, holderId, info),
  competentRegion: (_: unknown, args: Args<{ matterCode: string; facts: CompetenceFacts }>, ctx: GatewayContext) =>
    competentRegion(ctx.federation, args.matterCode, args.facts),
  verifyCertificate: (_: unknown, { input }: Args<{ input: VerifyCertificateInput }>, ctx: GatewayContext, info: GraphQLResolveInfo) =>
    verifyCertificate(input, { trust: ctx.trust, federation: ctx.federation, scope: ctx.scope, schema: info.schema }),
}

/** Resolvers for abstract and computed canonical types. */
export const typeResolvers = {
  Applicant: {
    // The translation layer tags every union member with its canonical type name.
    __resolveType: (obj: { __typename?: string }) => obj.__typename ?? null,
  },
  // Signing reports use UTC instants; the canonical API shows Beijing time like every DateTime.
  VerificationReport: { signingTime: (r: { signingTime?: string }) => beijing(r.signingTime) },
  SealInfo: { validFrom: (s: { validFrom: string }) => beijing(s.validFrom), validTo: (s: { validTo: string }) => beijing(s.validTo) },
  Revocation: { revokedAt: (r: { revokedAt?: string }) => beijing(r.revokedAt) },
  Signer: {
    // Reports carry the anchor's region code; the API shows the region.
    region: (s: { region?: string }, _: unknown, ctx: GatewayContext) => (s.region ? (ctx.federation.divisions.find(s.region)?.region ?? null) : null),
  },
}

import type { GraphQLResolveInfo } from 'graphql'
import {
  competentRegion,
  FederationError,
  findById,
  listCases,
  listCertificates,
  parseCanonicalId,
  toCanonicalDateTime,
  type CaseFilterInput,
  type CompetenceFacts,
  type MatterFilter,
} from '../../federation/index.js'
import type { GatewayContext } from '../context.js'
import { authorize, authorizeCaller, reachesRegion, type Operation } from '../auth/authorization.js'
import { publicLicenceView } from '../auth/personal-data.js'
import { GatewayError } from '../errors.js'
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
  case: async (_: unknown, { id }: Args<{ id: string }>, ctx: GatewayContext, info: GraphQLResolveInfo) => {
    if (id.startsWith('TB-')) return remoteCaseAsCase(id, ctx)
    await requireRegionOfId(ctx, 'readCityCases', id)
    return findById(ctx.scope, 'case', id, info)
  },
  cases: async (
    _: unknown,
    args: Args<{ filter?: CaseFilterInput | null; first?: number | null; after?: string | null }>,
    ctx: GatewayContext,
    info: GraphQLResolveInfo,
  ) => {
    const regions = await jurisdiction(ctx, 'readCityCases')
    if (!regions) return listCases(ctx.scope, args, info)
    // A city's caller lists its own cases; asking for another city's is refused, not emptied.
    const own = [...regions][0]!
    const asked = args.filter?.region
    if (asked != null && ctx.federation.divisions.resolve(asked, 'filter.region').region.code !== own) {
      throw new GatewayError('FORBIDDEN', `this caller reads the cases of ${own} only`, { details: { argument: 'filter.region' } })
    }
    return listCases(ctx.scope, { ...args, filter: { ...args.filter, region: asked ?? own } }, info)
  },
  certificate: async (_: unknown, { id }: Args<{ id: string }>, ctx: GatewayContext, info: GraphQLResolveInfo) => {
    await requireRegionOfId(ctx, 'readCertificates', id)
    return findById(ctx.scope, 'certificate', id, info)
  },
  certificates: async (_: unknown, { holderId }: Args<{ holderId: string }>, ctx: GatewayContext, info: GraphQLResolveInfo) =>
    listCertificates(ctx.scope, holderId, info, await jurisdiction(ctx, 'readCertificates')),
  competentRegion: (_: unknown, args: Args<{ matterCode: string; facts: CompetenceFacts }>, ctx: GatewayContext) =>
    competentRegion(ctx.federation, args.matterCode, args.facts),
  verifyCertificate: async (_: unknown, { input }: Args<{ input: VerifyCertificateInput }>, ctx: GatewayContext, info: GraphQLResolveInfo) => {
    const caller = await ctx.caller()
    authorize(caller, 'verifyCertificate')
    const result = await verifyCertificate(input, { trust: ctx.trust, federation: ctx.federation, scope: ctx.scope, schema: info.schema })
    const record = result.certificate
    if (!record || mayRead(caller, 'readCertificates', record.issuingRegion.code)) return result
    return { ...result, certificate: publicLicenceView(record) }
  },
}

/** Whether the caller may read `operation`'s data held in `region` (no error: for masking). */
function mayRead(caller: Awaited<ReturnType<GatewayContext['caller']>>, operation: Operation, region: string): boolean {
  try {
    return reachesRegion(caller, authorize(caller, operation), region)
  } catch {
    return false
  }
}

/**
 * The regions whose data of `operation` the caller may read; undefined means every region.
 * @throws GatewayError UNAUTHENTICATED / FORBIDDEN when the caller may read none.
 */
async function jurisdiction(ctx: GatewayContext, operation: Operation): Promise<ReadonlySet<string> | undefined> {
  const { caller, reach } = authorizeCaller(await ctx.caller(), operation)
  return reach === 'everywhere' || caller.jurisdiction === 'province' ? undefined : new Set([caller.region])
}

/** @throws GatewayError FORBIDDEN when the region an id belongs to is outside the caller's reach. */
async function requireRegionOfId(ctx: GatewayContext, operation: Operation, id: string): Promise<void> {
  const { caller, reach } = authorizeCaller(await ctx.caller(), operation)
  const region = parseCanonicalId(ctx.federation, id).rt.region.code
  if (!reachesRegion(caller, reach, region)) {
    throw new GatewayError('FORBIDDEN', `this caller may not read data held by ${region}`, { details: { argument: 'id' } })
  }
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

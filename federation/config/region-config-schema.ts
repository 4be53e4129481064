import { z } from 'zod'

/**
 * The one schema of a region configuration (`region-configs/<city>/region.yaml`). The TypeScript
 * types are derived from it, so the loader and the compiler cannot drift apart. Objects are
 * strict: an unknown key is a typo until proven otherwise.
 */

export const DATE_TIME_FORMATS = ['iso8601', 'yyyyMMddHHmmss', 'yyyy-MM-dd HH:mm:ss', 'epochMillis', 'epochSeconds'] as const
export const DATE_FORMATS = ['yyyy-MM-dd', 'yyyyMMdd', 'iso8601', 'epochMillis', 'epochSeconds'] as const
export const FORMATS = [...new Set([...DATE_TIME_FORMATS, ...DATE_FORMATS])] as [string, ...string[]]
export type ValueFormat = (typeof DATE_TIME_FORMATS)[number] | (typeof DATE_FORMATS)[number]

const gbCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code (quote it in YAML)')
const isoDate = z.union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).transform((d) =>
  typeof d === 'string' ? d : d.toISOString().slice(0, 10),
)
const ms = (max: number) => z.number().int().positive().max(max)

const Discriminator = z.strictObject({
  /** Local field (or `__typename`) whose value chooses the variant. */
  from: z.string().min(1),
  /** Local value → name of a type mapping (usually a canonical type name). */
  values: z.record(z.string(), z.string()).refine((v) => Object.keys(v).length > 0, 'needs at least one value'),
})

/** How a canonical field gets its value. A bare string is `{ from: <local field> }`. */
export const FieldMappingSchema = z.union([
  z.string().min(1),
  z
    .strictObject({
      /** Local field path (`a.b` reads a nested field; `.` is the local object itself). */
      from: z.string().min(1).optional(),
      /** Region-qualified ids, catalogue matter codes, or area codes → Region. */
      convert: z.enum(['id', 'matter', 'region']).optional(),
      /** Name of a table under `enums`. */
      enum: z.string().optional(),
      format: z.enum(FORMATS).optional(),
      /** Local values that mean "no value" (e.g. 长期 for a licence without end date). */
      nullIf: z.array(z.string()).optional(),
      /** Name of the type mapping for an object or union field. */
      type: z.string().optional(),
      /** A constant; `$region` is this region. */
      const: z.union([z.string(), z.number(), z.boolean()]).optional(),
      /** The value lives elsewhere: fetch it by key with the target mapping's `lookup`. */
      join: z
        .strictObject({
          key: z.string().min(1),
          type: z.string().optional(),
          discriminator: Discriminator.optional(),
        })
        .optional(),
    })
    .superRefine((f, ctx) => {
      const kinds = [f.from !== undefined, f.const !== undefined, f.join !== undefined].filter(Boolean).length
      if (kinds !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of from, const, join' })
      if (f.join && !f.join.type === !f.join.discriminator) {
        ctx.addIssue({ code: 'custom', message: 'join needs exactly one of type, discriminator' })
      }
      const conversions = [f.convert, f.enum, f.format, f.type].filter((x) => x !== undefined).length
      if (conversions > 1) ctx.addIssue({ code: 'custom', message: 'use at most one of convert, enum, format, type' })
    }),
])
export type FieldMapping = z.infer<typeof FieldMappingSchema>

const LookupSchema = z
  .strictObject({
    /** A root field taking a list of keys (`ids: [ID!]!`) or one key. */
    field: z.string().optional(),
    arg: z.string().optional(),
    /** Federation subgraphs: the entity type fetched through `_entities`. */
    entities: z.string().optional(),
    /** Local field of the result that holds the key. */
    key: z.string().min(1),
  })
  .superRefine((l, ctx) => {
    if (!l.entities === !(l.field && l.arg)) {
      ctx.addIssue({ code: 'custom', message: 'give either field and arg, or entities' })
    }
  })
export type LookupMapping = z.infer<typeof LookupSchema>

export const TypeMappingSchema = z.strictObject({
  /** Canonical type; defaults to the mapping's name. */
  canonical: z.string().optional(),
  /** Local type (object, interface or union) the canonical type is read from. */
  local: z.string().min(1),
  fields: z.record(z.string(), FieldMappingSchema).optional(),
  discriminator: Discriminator.optional(),
  lookup: LookupSchema.optional(),
})
export type TypeMapping = z.infer<typeof TypeMappingSchema>

const FilterArgSchema = z.union([
  z.string().min(1),
  z.strictObject({
    /** Local argument path: `where.status` sets field `status` of input argument `where`. */
    arg: z.string().min(1),
    convert: z.enum(['id', 'matter', 'region']).optional(),
    enum: z.string().optional(),
    /** The region can only answer when this filter is given. */
    required: z.boolean().optional(),
  }),
])
export type FilterArgMapping = z.infer<typeof FilterArgSchema>

const PagingSchema = z.discriminatedUnion('style', [
  z.strictObject({
    style: z.literal('connection'),
    first: z.string().default('first'),
    after: z.string().default('after'),
    edges: z.string().default('edges'),
    node: z.string().default('node'),
    cursor: z.string().default('cursor'),
    pageInfo: z.string().default('pageInfo'),
    hasNextPage: z.string().default('hasNextPage'),
    totalCount: z.string().optional(),
  }),
  z.strictObject({
    style: z.literal('offset'),
    offset: z.string(),
    limit: z.string(),
    /** A sibling root field taking the same filter arguments and returning the count. */
    countField: z.string().optional(),
  }),
  z.strictObject({
    style: z.literal('page'),
    offset: z.string(),
    limit: z.string(),
    items: z.string(),
    total: z.string().optional(),
  }),
])
export type PagingMapping = z.infer<typeof PagingSchema>

const LookupOperationSchema = z.strictObject({ type: z.string(), lookup: LookupSchema })
const ListOperationSchema = z.strictObject({
  type: z.string(),
  list: z.strictObject({ field: z.string() }),
  filter: z.record(z.string(), FilterArgSchema).optional(),
  paging: PagingSchema.optional(),
})
export type LookupOperation = z.infer<typeof LookupOperationSchema>
export type ListOperation = z.infer<typeof ListOperationSchema>

const UpstreamSchema = z
  .strictObject({
    connections: z.number().int().min(1).max(256).default(16),
    connectTimeoutMs: ms(60_000).default(1_000),
    headersTimeoutMs: ms(300_000).default(3_000),
    bodyTimeoutMs: ms(300_000).default(3_000),
    /** Whole request, retries included. */
    requestTimeoutMs: ms(600_000).default(4_000),
    /** Extra attempts for reads; writes are never retried here. */
    retries: z.number().int().min(0).max(5).default(2),
    breaker: z
      .strictObject({
        failureThreshold: z.number().int().min(1).default(5),
        cooldownMs: ms(3_600_000).default(5_000),
      })
      .default({ failureThreshold: 5, cooldownMs: 5_000 }),
    maxResponseBytes: z.number().int().positive().default(8 * 1024 * 1024),
  })
  .default({
    connections: 16,
    connectTimeoutMs: 1_000,
    headersTimeoutMs: 3_000,
    bodyTimeoutMs: 3_000,
    requestTimeoutMs: 4_000,
    retries: 2,
    breaker: { failureThreshold: 5, cooldownMs: 5_000 },
    maxResponseBytes: 8 * 1024 * 1024,
  })
export type UpstreamSettings = z.infer<typeof UpstreamSchema>

/** A value for a local mutation argument: a payload path, or a path with a conversion. */
const ArgValueSchema = z.union([
  z.string().min(1),
  z.strictObject({
    from: z.string().min(1).optional(),
    const: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** matter: catalogue → local code; localId: region-qualified id → this city's id. */
    convert: z.enum(['matter', 'localId']).optional(),
    enum: z.string().optional(),
    format: z.enum(FORMATS).optional(),
    /** For list arguments: the payload list to map, and the input fields of each item. */
    each: z.string().optional(),
    fields: z.record(z.string(), z.lazy((): z.ZodType => ArgValueSchema)).optional(),
  }),
])
export type ArgValueMapping = z.infer<typeof ArgValueSchema>

/** A local mutation the gateway calls, with how to fill its arguments from the delivery payload. */
const MutationMappingSchema = z.strictObject({
  mutation: z.string().min(1),
  /** Local argument path (`input.applicant.name`) → value. */
  args: z.record(z.string(), ArgValueSchema),
  /** Fields of the mutation's result: the city's own case number, and its duplicate flag. */
  result: z.strictObject({ localId: z.string().optional(), duplicate: z.string().optional() }).optional(),
  /** Most cases sent in one request, as aliased fields (default 16); 1: one request per case. */
  batch: z.number().int().min(1).max(64).optional(),
})
export type MutationMapping = z.infer<typeof MutationMappingSchema>

/** An identity provider: its `iss` and its keys (a JWKS file relative to the config, or a URL). */
const IdentitySchema = z
  .strictObject({ issuer: z.string().min(1), jwks: z.string().optional(), jwksUrl: z.url({ protocol: /^https?$/ }).optional() })
  .refine((i) => !i.jwks !== !i.jwksUrl, 'give exactly one of jwks, jwksUrl')

/**
 * `province.yaml` (optional): the province the federation belongs to and its identity
 * provider, whose auditor tokens oversee every city (see gateway/auth/authorization.ts).
 */
export const ProvinceConfigSchema = z.strictObject({
  code: z.string().regex(/^\d{2}0000$/, 'a GB/T 2260 province code such as "510000" (quote it)'),
  name: z.string().min(1),
  identity: IdentitySchema,
})
export type ProvinceConfig = z.infer<typeof ProvinceConfigSchema>

export const RegionConfigSchema = z.strictObject({
  code: gbCode,
  name: z.string().min(1),
  nameEn: z.string().min(1),
  platform: z.string().min(1),
  endpoint: z.url({ protocol: /^https?$/ }),
  schema: z.string().default('schema.graphql'),
  /** The platform is an Apollo Federation v2 subgraph (`_entities`, `_service`). */
  federation: z.boolean().default(false),
  upstream: UpstreamSchema,
  districts: z
    .array(
      z.strictObject({
        code: gbCode,
        name: z.string().min(1),
        formerCodes: z
          .array(z.strictObject({ code: gbCode, name: z.string().min(1), until: isoDate }))
          .default([]),
      }),
    )
    .min(1),
  /** Canonical matter code → this platform's local code. */
  matterCodes: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)),
  enums: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  types: z.record(z.string(), TypeMappingSchema),
  /**
   * The region's trust anchors for verifying its licences and seals: files relative to the
   * region folder (PEM certificates, a JWKS JSON file, PEM or DER CRLs).
   */
  trust: z
    .strictObject({
      authority: z.string().min(1),
      caCertificates: z.array(z.string()).default([]),
      sealMakers: z.array(z.string()).default([]),
      jwks: z.string().optional(),
      crls: z.array(z.string()).default([]),
    })
    .optional(),
  /**
   * The city's identity provider: bearer tokens of its window clerks and of its platform are
   * signed by keys in this JWKS (a file relative to the region folder, or a URL).
   */
  identity: IdentitySchema.optional(),
  /** How remote-acceptance cases are handed to this city, and withdrawn (多地联办 compensation). */
  deliver: MutationMappingSchema.optional(),
  withdraw: MutationMappingSchema.optional(),
  /** How the gateway learns of state changes: the city pushes them, or the gateway polls. */
  statusUpdates: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('push') }),
      z.strictObject({ mode: z.literal('poll'), intervalMs: z.number().int().min(200).max(3_600_000).default(5_000) }),
    ])
    .optional(),
  operations: z.strictObject({
    case: LookupOperationSchema.optional(),
    cases: ListOperationSchema.optional(),
    certificate: LookupOperationSchema.optional(),
    certificates: ListOperationSchema.optional(),
  }),
})
export type RegionConfigInput = z.input<typeof RegionConfigSchema>
export type RegionConfig = z.infer<typeof RegionConfigSchema>

const CompetenceBasisSchema = z.enum([
  'HOUSEHOLD_REGISTRATION',
  'RESIDENCE',
  'ENTERPRISE_DOMICILE',
  'PROPERTY_LOCATION',
  'PLACE_INSURED',
  'ANY_OFFICE',
])

export const CatalogueSchema = z.strictObject({
  version: z.union([z.string(), z.number(), z.date()]).transform(String),
  matters: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,40}$/, 'upper-case letters, digits and dashes'),
        name: z.string().min(1),
        nameEn: z.string().min(1),
        department: z.string().min(1),
        basis: CompetenceBasisSchema,
        modes: z.array(z.enum(['FULLY_ONLINE', 'REMOTE_INTAKE', 'MULTI_CITY'])).min(1),
        applicantKinds: z.array(z.enum(['PERSON', 'ENTERPRISE'])).min(1),
        legalBasis: z.string().optional(),
        steps: z
          .array(
            z.strictObject({
              order: z.number().int().min(1),
              name: z.string().min(1),
              basis: CompetenceBasisSchema,
            }),
          )
          .default([]),
        materials: z
          .array(
            z.strictObject({
              name: z.string().min(1),
              required: z.boolean(),
              certificateType: z.string().optional(),
            }),
          )
          .default([]),
      }),
    )
    .min(1),
})
export type Catalogue = z.infer<typeof CatalogueSchema>
export type CatalogueMatter = Catalogue['matters'][number]
export type CompetenceBasis = CatalogueMatter['basis']
export type HandlingMode = CatalogueMatter['modes'][number]

import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations'
import type { Plugin } from 'graphql-yoga'
import { z } from 'zod'
import { GatewayError } from '../errors.js'

/**
 * The operations a gateway in trusted-documents mode runs, by id. Two manifest forms are read:
 * a plain `{ "<sha256 hex of the document>": "<document>" }` map (graphql-codegen's client
 * preset, `persisted-documents.json`) and Apollo's persisted query manifest. Ids may carry the
 * `sha256:` prefix of the GraphQL-over-HTTP trusted documents proposal.
 */
export class TrustedDocuments {
  readonly #byId: ReadonlyMap<string, string>

  constructor(documents: ReadonlyMap<string, string>) {
    this.#byId = documents
  }

  get size(): number {
    return this.#byId.size
  }

  get(id: string): string | undefined {
    return this.#byId.get(id.startsWith('sha256:') ? id.slice(7) : id)
  }

  /**
   * @throws GatewayError BAD_USER_INPUT when the file is not a manifest, or an id is not the
   *   SHA-256 of its document (a manifest that lies about its hashes is refused whole).
   */
  static fromFile(file: string): TrustedDocuments {
    let json: unknown
    try {
      json = JSON.parse(readFileSync(file, 'utf8'))
    } catch (err) {
      throw new GatewayError('BAD_USER_INPUT', `trusted documents ${file}: ${(err as Error).message}`)
    }
    const apollo = ApolloManifest.safeParse(json)
    const plain = PlainManifest.safeParse(json)
    const entries = apollo.success ? apollo.data.operations.map((o) => [o.id, o.body] as const) : plain.success ? Object.entries(plain.data) : undefined
    if (!entries) throw new GatewayError('BAD_USER_INPUT', `trusted documents ${file}: not a { hash: document } map nor an Apollo persisted query manifest`)
    const byId = new Map<string, string>()
    for (const [rawId, body] of entries) {
      const id = rawId.startsWith('sha256:') ? rawId.slice(7) : rawId
      if (createHash('sha256').update(body).digest('hex') !== id) {
        throw new GatewayError('BAD_USER_INPUT', `trusted documents ${file}: id ${rawId.slice(0, 80)} is not the SHA-256 of its document`)
      }
      byId.set(id, body)
    }
    return new TrustedDocuments(byId)
  }
}

const PlainManifest = z.record(z.string().regex(/^(sha256:)?[0-9a-f]{64}$/), z.string())
const ApolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  operations: z.array(z.object({ id: z.string().regex(/^[0-9a-f]{64}$/), body: z.string() })),
})

/** The id a request names: `documentId` (trusted documents proposal) or Apollo's persistedQuery hash. */
export function documentIdOf(params: { documentId?: unknown; extensions?: Record<string, unknown> | null | undefined }): string | undefined {
  if (typeof params.documentId === 'string') return params.documentId
  const pq = params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined
  return typeof pq?.sha256Hash === 'string' ? pq.sha256Hash : undefined
}

/**
 * Trusted-documents mode: only operations from the manifest run; a request carrying its own
 * document text is refused (`PERSISTED_QUERY_ONLY`), an unknown id is `PERSISTED_QUERY_NOT_FOUND`.
 * yoga's persisted-operations plugin does the work; the lean HTTP path resolves ids itself.
 */
export function useTrustedDocuments(documents: TrustedDocuments): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: false,
    extractPersistedOperationId: (params) => documentIdOf(params as never) ?? null,
    getPersistedOperation: (id) => documents.get(id) ?? null,
    customErrors: {
      persistedQueryOnly: { message: 'this gateway runs trusted documents only: send documentId', extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } } },
      notFound: { message: 'no trusted document with this id', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
      keyNotFound: { message: 'send documentId (or extensions.persistedQuery.sha256Hash)', extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } } },
    },
  })
}

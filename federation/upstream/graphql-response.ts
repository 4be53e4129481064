/** An error entry of a city's GraphQL response, after shape checks. */
export interface UpstreamGraphQLError {
  message: string
  path?: readonly (string | number)[]
  extensions?: Record<string, unknown>
}

export interface UpstreamResponse {
  data: Record<string, unknown> | null
  errors: UpstreamGraphQLError[]
}

/**
 * Checks that a parsed body is a GraphQL response (an object with `data` and/or `errors`) and
 * keeps only the parts the gateway reads. A city's response is untrusted input.
 */
export function readGraphQLResponse(body: unknown): UpstreamResponse | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined
  const { data, errors } = body as { data?: unknown; errors?: unknown }
  if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) return undefined
  if (errors !== undefined && !Array.isArray(errors)) return undefined
  if (data === undefined && errors === undefined) return undefined
  const clean: UpstreamGraphQLError[] = []
  for (const e of (errors as unknown[] | undefined) ?? []) {
    if (typeof e !== 'object' || e === null) continue
    const { message, path, extensions } = e as Record<string, unknown>
    clean.push({
      message: typeof message === 'string' ? message.slice(0, 500) : 'error without message',
      ...(Array.isArray(path) && path.every((p) => typeof p === 'string' || typeof p === 'number') && { path: path as (string | number)[] }),
      ...(typeof extensions === 'object' && extensions !== null && { extensions: extensions as Record<string, unknown> }),
    })
  }
  return { data: (data as Record<string, unknown> | null | undefined) ?? null, errors: clean }
}

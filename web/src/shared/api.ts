import type { GqlError } from './error-text.js'

export interface GqlResult<T> {
  data: T | null
  errors: GqlError[]
}

const networkError = (message: string): GqlError => ({ message, extensions: { code: 'NETWORK' } })

/** One GraphQL request to this gateway. Never throws: failures come back as coded errors. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}, o: { token?: string | null; signal?: AbortSignal } = {}): Promise<GqlResult<T>> {
  try {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(o.token && { authorization: `Bearer ${o.token}` }),
      },
      body: JSON.stringify({ query, variables }),
      ...(o.signal && { signal: o.signal }),
    })
    const body = (await res.json().catch(() => null)) as { data?: T | null; errors?: GqlError[] } | null
    if (!body) return { data: null, errors: [networkError(`HTTP ${res.status}`)] }
    return { data: body.data ?? null, errors: body.errors ?? [] }
  } catch (err) {
    if (o.signal?.aborted) throw err
    return { data: null, errors: [networkError(String(err))] }
  }
}

/** A JSON endpoint of the web pages (receipt check, sandbox demo). Undefined when absent. */
export async function getJson<T>(path: string, body?: unknown): Promise<T | undefined> {
  try {
    const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return res.ok ? ((await res.json()) as T) : undefined
  } catch {
    return undefined
  }
}

/**
 * A GraphQL subscription over Server-Sent Events, as graphql-yoga serves them (`Accept:
 * text/event-stream` on POST /graphql). fetch, not EventSource, because the window's token
 * goes in a header. Reconnects with backoff until stopped. Returns the stop function.
 */
export function subscribe<T>(
  query: string,
  variables: Record<string, unknown>,
  o: { token: string; onData: (data: T) => void; onError: (errors: GqlError[]) => void; onLive?: (live: boolean) => void },
): () => void {
  const controller = new AbortController()
  let attempt = 0
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${o.token}` },
          body: JSON.stringify({ query, variables }),
          signal: controller.signal,
        })
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`)
        o.onLive?.(true)
        attempt = 0
        const fatal = await readEvents(res.body, (payload) => {
          const msg = payload as { data?: T; errors?: GqlError[] }
          if (msg.errors?.length) {
            o.onError(msg.errors)
            return true
          }
          if (msg.data) o.onData(msg.data)
          return false
        })
        if (fatal) return
      } catch {
        if (controller.signal.aborted) return
      }
      o.onLive?.(false)
      attempt += 1
      await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5))))
    }
  }
  void run()
  return () => controller.abort()
}

/** Reads `event:`/`data:` blocks; stops when `onPayload` says the stream is finished for good. */
async function readEvents(body: ReadableStream<Uint8Array>, onPayload: (payload: unknown) => boolean): Promise<boolean> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return false
    buffer += decoder.decode(value, { stream: true })
    let end: number
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '')
      const lines = block.split(/\r?\n/)
      const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim()
      const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n')
      if (event === 'complete') return true
      if (data && onPayload(JSON.parse(data))) {
        await reader.cancel()
        return true
      }
    }
  }
}

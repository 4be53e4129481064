import type { IncomingMessage } from 'node:http'

/**
 * The client's address, for per-client rate limits of the public. The socket peer, unless
 * the gateway runs behind a load balancer it trusts (`--trust-proxy`): then the first hop of
 * X-Forwarded-For, which only that balancer can have set. Never trusted by default: any
 * client can write the header.
 */
export function clientAddressOf(req: IncomingMessage | undefined, request: { headers: { get(name: string): string | null } }, trustProxy: boolean): string {
  if (trustProxy) {
    const first = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim()
    if (first) return first.slice(0, 64)
  }
  return req?.socket.remoteAddress ?? 'unknown'
}

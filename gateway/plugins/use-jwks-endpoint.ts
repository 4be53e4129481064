import type { JWK } from 'jose'
import type { Plugin } from 'graphql-yoga'

/**
 * Publishes the gateway's public signing keys at /.well-known/jwks.json, so anyone holding a
 * receipt (受理回执) or an audit checkpoint can check it without asking an operator.
 */
export function useJwksEndpoint(keys: () => readonly JWK[]): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/.well-known/jwks.json') return
      endResponse(new fetchAPI.Response(JSON.stringify({ keys: keys() }), { headers: { 'content-type': 'application/jwk-set+json', 'cache-control': 'max-age=300' } }))
    },
  }
}

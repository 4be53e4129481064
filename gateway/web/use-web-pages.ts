import { join } from 'node:path'
import type { JWK } from 'jose'
import type { Plugin } from 'graphql-yoga'
import { verifyReceipt, type Jwk } from '../../signing/index.js'
import { packageRoot } from '../cli/package-root.js'
import type { SandboxDemo } from './sandbox-demo.js'
import { StaticAssets, type Asset } from './static-assets.js'

export interface WebPagesOptions {
  /** Where `vite build` put the pages; default `dist/web` (env TONGBAN_WEB_DIR). */
  assetsDir?: string
  /** Sandbox mode only: demo windows, sample applicants and licences (see sandbox-demo.ts). */
  demo?: SandboxDemo
}

/**
 * What the pages may do: scripts, styles and images from this origin, requests to this origin
 * (/graphql, SSE), nothing inline, nothing framed. The pages are built without inline code,
 * so this costs them nothing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const PAGE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
}

const PAGES = new Set(['/verify', '/verify/', '/window', '/window/'])
const MAX_JSON_BYTES = 64 * 1024

/**
 * The web front end: `/verify` (public certificate and receipt check) and `/window` (the
 * remote-window clerk console), one document built by Vite into `dist/web` and served here:
 * - pages with `no-cache` (a rebuild shows at once), hashed `/assets/*` for a year, immutable;
 *   a strict Content-Security-Policy; gzip when the browser takes it;
 * - `POST /verify/receipt`: checks a receipt (受理回执) against this gateway's published
 *   receipt keys with the same verifier as `tongban verify --receipt-key`, so pages served
 *   over plain HTTP (no WebCrypto there) can check them too;
 * - sandbox mode only: `GET /sandbox/demo` and `POST /sandbox/demo-token`.
 */
export function useWebPages(o: WebPagesOptions & { receiptKeys: () => readonly JWK[] }): Plugin {
  const files = new StaticAssets(o.assetsDir ?? process.env.TONGBAN_WEB_DIR ?? join(packageRoot(), 'dist', 'web'))
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const path = url.pathname
      const json = (status: number, body: unknown) =>
        endResponse(new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } }))
      const method = request.method
      const page = PAGES.has(path)
      if (page || path.startsWith('/assets/') || path === '/') {
        if (method !== 'GET' && method !== 'HEAD') return endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }))
        if (path === '/') return endResponse(new fetchAPI.Response(null, { status: 302, headers: { location: '/verify' } }))
        const asset = page ? await files.page() : await files.asset(path.slice('/assets/'.length))
        if (!asset) {
          const body = page ? `The web pages are not built (looked in ${files.dir}). Run: npm run build` : 'not found'
          return endResponse(new fetchAPI.Response(body, { status: page ? 503 : 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } }))
        }
        const caching = page ? { 'cache-control': 'no-cache', ...PAGE_HEADERS } : { 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' }
        return endResponse(respond(fetchAPI, asset, request.headers.get('accept-encoding'), method === 'HEAD', caching))
      }
      if (path === '/verify/receipt') {
        if (method !== 'POST') return endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'POST' } }))
        const body = await readJson(request)
        if (!body || typeof body.jws !== 'string') return json(400, { error: 'send {"jws": "<receipt>"} as JSON' })
        const report = await verifyReceipt(body.jws.trim(), { keys: o.receiptKeys() as Jwk[] })
        return json(200, report)
      }
      if (!path.startsWith('/sandbox/')) return
      // Only the sandbox has demo windows; elsewhere these paths do not exist.
      if (!o.demo) return json(404, { error: 'not found: demo windows exist only in sandbox mode' })
      if (path === '/sandbox/demo' && method === 'GET') {
        const { windows, applicants, licences } = o.demo
        return json(200, { windows, applicants, licences })
      }
      if (path === '/sandbox/demo-token' && method === 'POST') {
        // A token in a response body: only this origin's own pages may ask for one.
        if (!sameOrigin(request, url)) return json(403, { error: 'demo tokens are handed to this origin\'s pages only' })
        const body = await readJson(request)
        const token = typeof body?.window === 'string' ? await o.demo.token(body.window) : undefined
        return token ? json(200, { token }) : json(400, { error: 'unknown demo window' })
      }
      return json(404, { error: 'not found' })
    },
  }
}

function respond(fetchAPI: { Response: typeof Response }, asset: Asset, acceptEncoding: string | null, head: boolean, headers: Record<string, string>): Response {
  const gzip = asset.gzip && /\bgzip\b/.test(acceptEncoding ?? '')
  const body = gzip ? asset.gzip! : asset.body
  return new fetchAPI.Response(head ? null : body, {
    headers: { ...headers, 'content-type': asset.type, 'content-length': String(body.length), vary: 'accept-encoding', ...(gzip && { 'content-encoding': 'gzip' }) },
  })
}

async function readJson(request: Request): Promise<Record<string, unknown> | undefined> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_JSON_BYTES) return undefined
  try {
    const text = await request.text()
    if (text.length > MAX_JSON_BYTES) return undefined
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Browsers send Origin (and Sec-Fetch-Site) with every POST; tools like curl send neither. */
function sameOrigin(request: Request, url: URL): boolean {
  const site = request.headers.get('sec-fetch-site')
  if (site && site !== 'same-origin' && site !== 'none') return false
  const origin = request.headers.get('origin')
  if (origin === null) return true
  try {
    return new URL(origin).host === url.host
  } catch {
    return false
  }
}

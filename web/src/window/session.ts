import { jwsPayload } from '../shared/model.js'

/** A signed-in window clerk: the token and what it says about the window (for display only; the gateway checks it). */
export interface Session {
  token: string
  region: string
  window: string
  /** Expiry, epoch seconds. */
  exp: number
}

const KEY = 'tongban.window.token'

/** The session a token opens, or undefined for anything but an unexpired window-clerk token. */
export function sessionOf(token: string): Session | undefined {
  const claims = jwsPayload<{ exp?: number; tongban?: { role?: string; region?: string; window?: string } }>(token)
  const c = claims?.tongban
  if (!claims || c?.role !== 'window-clerk' || !c.region || !c.window || typeof claims.exp !== 'number') return undefined
  return { token: token.trim(), region: c.region, window: c.window, exp: claims.exp }
}

export const expired = (s: Session) => s.exp * 1000 <= Date.now()

/** Kept for this browser tab only (sessionStorage): closing the tab signs the clerk out. */
export function readSession(): Session | undefined {
  const token = sessionStorage.getItem(KEY)
  const s = token ? sessionOf(token) : undefined
  return s && !expired(s) ? s : undefined
}

export function saveSession(s: Session): void {
  sessionStorage.setItem(KEY, s.token)
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY)
}

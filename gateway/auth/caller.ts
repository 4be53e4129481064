/**
 * Who is calling, from a verified bearer token (or nobody). Roles:
 * - `window-clerk`: a remote window (异地受理窗口) of `region`, identified by `window`;
 * - `city-platform`: a city's own platform, reporting on its cases;
 * - `auditor`: reads the audit log;
 * - `public`: no token — the public catalogue and certificate checks only.
 */
export type Role = 'window-clerk' | 'city-platform' | 'auditor' | 'public'

export interface Caller {
  role: Role
  /** GB/T 2260 code of the region whose identity provider issued the token. */
  region: string | null
  /**
   * `region`: the caller speaks for one city. `province`: a token of the provincial identity
   * provider (`province.yaml`), whose auditors oversee every city of the federation.
   */
  jurisdiction: 'region' | 'province' | null
  window: string | null
  /** The token's `sub`. */
  subject: string | null
}

export const PUBLIC: Caller = Object.freeze({ role: 'public', region: null, jurisdiction: null, window: null, subject: null })

/** The namespaced claim a token carries besides iss/sub/aud/exp. */
export interface TongbanClaim {
  role: Exclude<Role, 'public'>
  region: string
  window?: string
}

export const TOKEN_AUDIENCE = 'tongban'
export const CLAIM = 'tongban'

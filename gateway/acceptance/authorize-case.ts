import { GatewayError } from '../errors.js'
import type { Caller } from '../auth/caller.js'
import type { RemoteCase } from './remote-case.js'

/**
 * Who may see a remote case: the window that accepted it, the cities that handle one of its
 * steps, and auditors of any region it touches. Nobody else — not even other windows of the
 * same city — so no clerk browses another window's applicants.
 */
export function maySee(caller: Caller, c: RemoteCase): boolean {
  switch (caller.role) {
    case 'window-clerk':
      return c.accepting.region === caller.region && c.accepting.window === caller.window
    case 'city-platform':
      return c.steps.some((s) => s.region === caller.region)
    case 'auditor':
      return c.accepting.region === caller.region || c.steps.some((s) => s.region === caller.region)
    default:
      return false
  }
}

/** @throws GatewayError UNAUTHENTICATED without a token; FORBIDDEN for another role. */
export function requireRole<R extends Caller['role']>(caller: Caller, ...roles: R[]): Caller & { role: R; region: string } {
  if (caller.role === 'public') throw new GatewayError('UNAUTHENTICATED', 'this operation needs a bearer token')
  if (!roles.includes(caller.role as R)) throw new GatewayError('FORBIDDEN', `this operation is for ${roles.join(' or ')} callers, not ${caller.role}`)
  return caller as Caller & { role: R; region: string }
}

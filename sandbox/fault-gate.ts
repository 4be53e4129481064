import type { IncomingMessage, ServerResponse } from 'node:http'
import { rngFor, type Rng } from './seed/prng.js'

/**
 * A simulated platform failure. Applied before GraphQL handling, in this order: `hang` (never
 * answer until the city stops), `delayMs` (wait, then go on), `status` (answer with that HTTP
 * status), `failRate` (that fraction of requests get 503, the rest go through).
 */
export interface CityFault {
  delayMs?: number
  failRate?: number
  status?: number
  hang?: boolean
}

/** Decides, per HTTP request, whether a fault answers it or GraphQL may. */
export interface FaultGate {
  /** Whether a fault is set; when not, callers may skip admit() altogether. */
  readonly active: boolean
  /** Replaces the current fault; `null` clears it. @throws RangeError for an out-of-range value. */
  setFault(fault: CityFault | null): void
  /**
   * Applies the current fault. Resolves true when the request may go on to GraphQL, false when
   * the gate answered it (or holds it until `release`).
   */
  admit(req: IncomingMessage, res: ServerResponse): Promise<boolean>
  /** Ends pending delays at once (the server is stopping and destroys their sockets). */
  release(): void
}

function checkFault(fault: CityFault): void {
  const { delayMs, failRate, status } = fault
  if (delayMs !== undefined && !(delayMs >= 0 && Number.isFinite(delayMs))) throw new RangeError(`delayMs must be ≥ 0, got ${delayMs}`)
  if (failRate !== undefined && !(failRate >= 0 && failRate <= 1)) throw new RangeError(`failRate must be in [0, 1], got ${failRate}`)
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new RangeError(`status must be an HTTP status 200–599, got ${status}`)
  }
}

function reply(res: ServerResponse, status: number): void {
  if (res.destroyed || res.headersSent) return
  const body = JSON.stringify({ errors: [{ message: `sandbox fault: HTTP ${status}` }] })
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

/**
 * One gate per city server. `failRate` draws from a PRNG seeded by the city code and reset by
 * every `setFault`, so a test that sets `failRate: 0.5` sees the same pass/fail sequence each run.
 */
export function createFaultGate(label: string): FaultGate {
  let fault: CityFault | null = null
  let rng: Rng = rngFor(`faults:${label}`)
  const sleeping = new Map<NodeJS.Timeout, () => void>()

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        sleeping.delete(timer)
        resolve()
      }, ms)
      sleeping.set(timer, resolve)
    })

  return {
    get active() {
      return fault !== null
    },
    setFault(next) {
      if (next) checkFault(next)
      fault = next ? { ...next } : null
      rng = rngFor(`faults:${label}`)
    },
    async admit(_req, res) {
      const f = fault
      if (!f) return true
      // Hold the response open; stop() destroys the socket, which is what a hung platform looks like.
      if (f.hang) return false
      if (f.delayMs) {
        await sleep(f.delayMs)
        if (res.destroyed) return false
      }
      if (f.status !== undefined) {
        reply(res, f.status)
        return false
      }
      if (f.failRate && rng.next() < f.failRate) {
        reply(res, 503)
        return false
      }
      return true
    },
    release() {
      for (const [timer, resolve] of sleeping) {
        clearTimeout(timer)
        resolve()
      }
      sleeping.clear()
    },
  }
}

import { setFlagsFromString } from 'node:v8'

/** How much V8 may grow the heap between full collections, in percent, unless TONGBAN_HEAP_GROWING_PERCENT says otherwise. */
export const DEFAULT_HEAP_GROWING_PERCENT = 100

/**
 * The gateway process's heap policy, set by `tongban serve` before it starts. A gateway's heap
 * is mostly request data that lives for the length of a request; under load V8 promotes it
 * and, for a small heap, lets the old generation grow up to fourfold before a full
 * collection, so peak memory swings far above what is live. Growing at most twofold keeps the
 * peak resident set near the working set at no measured throughput cost (see bench/supergraph,
 * README "Memory"). TONGBAN_HEAP_GROWING_PERCENT sets another percentage; 0 leaves V8's own.
 * @returns The percentage applied, or undefined when V8 keeps its own.
 */
export function applyHeapPolicy(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.TONGBAN_HEAP_GROWING_PERCENT
  const percent = raw === undefined || raw === '' ? DEFAULT_HEAP_GROWING_PERCENT : Number(raw)
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000) throw new Error(`TONGBAN_HEAP_GROWING_PERCENT must be a whole number from 0 to 1000 (got "${raw}")`)
  if (percent === 0) return undefined
  // Read by V8 at every full collection, so setting it after start-up takes effect.
  setFlagsFromString(`--heap-growing-percent=${percent}`)
  return percent
}

import { setFlagsFromString } from 'node:v8'

/** How much V8 may grow the heap between full collections, in percent, unless TONGBAN_HEAP_GROWING_PERCENT says otherwise. */
export const DEFAULT_HEAP_GROWING_PERCENT = 100

export interface HeapPolicy {
  /** The growing percentage applied, or undefined when V8 keeps its own. */
  growingPercent: number | undefined
  /** Whether V8's allocation-site pretenuring stays on (TONGBAN_PRETENURING=v8); off by default. */
  pretenuring: boolean
}

/**
 * The gateway process's heap policy, set by `tongban serve` before it starts. Both flags are
 * read by V8 at each collection, so setting them after start-up, before any request, takes effect.
 *
 * Growing: a gateway's heap is mostly request data that lives for the length of a request;
 * under load V8 promotes it and, for a small heap, lets the old generation grow up to fourfold
 * before a full collection, so peak memory swings far above what is live. Growing at most
 * twofold keeps the peak resident set near the working set at no measured throughput cost
 * (see bench/supergraph, README "Memory"). TONGBAN_HEAP_GROWING_PERCENT sets another
 * percentage; 0 leaves V8's own.
 *
 * Pretenuring: V8 allocates objects straight into the old generation from allocation sites
 * whose objects it saw surviving a young collection. In a gateway those are request objects
 * that a collection happened to catch in flight; once pretenured they die in the old
 * generation, which then fills at megabytes per second and needs a full collection every few
 * seconds, each one a 20–50 ms stall of the event loop under load. Off, the same load promotes
 * a tenth as much and runs without full collections (README "Memory", measured with
 * --trace-gc-nvp). TONGBAN_PRETENURING=v8 leaves it on.
 */
export function applyHeapPolicy(env: NodeJS.ProcessEnv = process.env): HeapPolicy {
  const raw = env.TONGBAN_HEAP_GROWING_PERCENT
  const percent = raw === undefined || raw === '' ? DEFAULT_HEAP_GROWING_PERCENT : Number(raw)
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000) throw new Error(`TONGBAN_HEAP_GROWING_PERCENT must be a whole number from 0 to 1000 (got "${raw}")`)
  const mode = env.TONGBAN_PRETENURING ?? ''
  if (mode !== '' && mode !== 'off' && mode !== 'v8') throw new Error(`TONGBAN_PRETENURING must be "off" (the default) or "v8" (got "${mode}")`)
  const pretenuring = mode === 'v8'
  if (!pretenuring) setFlagsFromString('--no-allocation-site-pretenuring')
  if (percent !== 0) setFlagsFromString(`--heap-growing-percent=${percent}`)
  return { growingPercent: percent === 0 ? undefined : percent, pretenuring }
}

import { watch, type FSWatcher } from 'node:fs'
import { createFederation, loadFederationConfig, type Federation, type FederationHooks, type LoadOptions } from '../../federation/index.js'
import type { Logger } from '../logger.js'

export interface LiveFederationOptions {
  /** The configuration directory, read again on every reload. */
  dir: string
  load?: LoadOptions
  hooks?: FederationHooks
  logger: Logger
  /** How long a replaced federation keeps its connection pools for requests still using it. */
  drainMs?: number
}

export type ReloadOutcome = { ok: true; regions: string[] } | { ok: false; error: string }

/**
 * The federation the gateway serves, replaceable while it runs: a reload reads and validates
 * the configuration directory into a new federation (new pools, plans and breakers) and swaps
 * it in; an invalid configuration is refused and the running one kept. Requests already
 * running finish on the federation they started with; its pools close after `drainMs`.
 * Everything that holds the federation reads `current` at the moment it needs it.
 */
export class LiveFederation {
  #current: Federation
  #reloading: Promise<ReloadOutcome> | undefined
  #again = false
  readonly #retired = new Set<NodeJS.Timeout>()
  readonly #retiring: Federation[] = []
  readonly #o: LiveFederationOptions

  constructor(initial: Federation, o: LiveFederationOptions) {
    this.#current = initial
    this.#o = o
  }

  get current(): Federation {
    return this.#current
  }

  /** Reloads now; concurrent calls share one reload, and a call during one runs another after it. */
  reload(reason: string): Promise<ReloadOutcome> {
    if (this.#reloading) {
      this.#again = true
      return this.#reloading
    }
    this.#reloading = this.#reloadOnce(reason).finally(() => {
      this.#reloading = undefined
      if (this.#again) {
        this.#again = false
        void this.reload(`${reason} (changed again)`)
      }
    })
    return this.#reloading
  }

  async #reloadOnce(reason: string): Promise<ReloadOutcome> {
    let next: Federation
    try {
      next = createFederation(loadFederationConfig(this.#o.dir, this.#o.load), this.#o.hooks)
    } catch (err) {
      const error = (err as Error).message
      this.#o.logger.error({ reason, error }, 'configuration reload refused; the running configuration stays')
      return { ok: false, error }
    }
    const old = this.#current
    this.#current = next
    this.#retiring.push(old)
    const timer = setTimeout(() => {
      this.#retired.delete(timer)
      this.#retiring.splice(this.#retiring.indexOf(old), 1)
      void old.close()
    }, this.#o.drainMs ?? 30_000)
    timer.unref()
    this.#retired.add(timer)
    const regions = next.config.regions.map((r) => r.config.code)
    this.#o.logger.info({ reason, regions }, 'configuration reloaded')
    return { ok: true, regions }
  }

  /**
   * Reloads when a file under the directory changes (debounced: an editor's save is several
   * events) and on SIGHUP. Returns a function that stops watching.
   */
  watch(o: { debounceMs?: number; signal?: boolean } = {}): () => void {
    let timer: NodeJS.Timeout | undefined
    const soon = (why: string) => {
      clearTimeout(timer)
      timer = setTimeout(() => void this.reload(why), o.debounceMs ?? 250)
    }
    let watcher: FSWatcher | undefined
    try {
      watcher = watch(this.#o.dir, { recursive: true }, (_event, file) => soon(`file changed: ${file ?? '?'}`))
      watcher.on('error', (err) => this.#o.logger.warn({ err: err.message }, 'configuration watch failed; reload with SIGHUP'))
    } catch (err) {
      this.#o.logger.warn({ err: (err as Error).message }, 'cannot watch the configuration directory; reload with SIGHUP')
    }
    const onHup = () => void this.reload('SIGHUP')
    if (o.signal !== false) process.on('SIGHUP', onHup)
    return () => {
      clearTimeout(timer)
      watcher?.close()
      process.off('SIGHUP', onHup)
    }
  }

  /** Closes the current federation and any still draining. */
  async close(): Promise<void> {
    for (const t of this.#retired) clearTimeout(t)
    this.#retired.clear()
    await Promise.all([this.#current, ...this.#retiring.splice(0)].map((f) => f.close()))
  }
}

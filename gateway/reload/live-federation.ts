import { createFederation, loadFederationConfig, type Federation, type FederationHooks, type LoadOptions } from '../../federation/index.js'
import type { Logger } from '../logger.js'
import { serialReloads, watchForReload } from './reload-trigger.js'
import { Retirement } from './retirement.js'

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
  readonly #retirement: Retirement<Federation>
  readonly #o: LiveFederationOptions

  constructor(initial: Federation, o: LiveFederationOptions) {
    this.#current = initial
    this.#o = o
    this.#retirement = new Retirement(o.drainMs ?? 30_000)
  }

  get current(): Federation {
    return this.#current
  }

  /** Reloads now; concurrent calls share one reload, and a call during one runs another after it. */
  readonly reload = serialReloads((reason) => this.#reloadOnce(reason))

  async #reloadOnce(reason: string): Promise<ReloadOutcome> {
    let next: Federation
    try {
      next = createFederation(loadFederationConfig(this.#o.dir, this.#o.load), this.#o.hooks)
    } catch (err) {
      const error = (err as Error).message
      this.#o.logger.error({ reason, error }, 'configuration reload refused; the running configuration stays')
      return { ok: false, error }
    }
    this.#retirement.retire(this.#current)
    this.#current = next
    const regions = next.config.regions.map((r) => r.config.code)
    this.#o.logger.info({ reason, regions }, 'configuration reloaded')
    return { ok: true, regions }
  }

  /**
   * Reloads when a file under the directory changes (debounced) and on SIGHUP; files `ignore`
   * names are left to others. Returns a function that stops watching.
   */
  watch(o: { debounceMs?: number; signal?: boolean; ignore?: (file: string) => boolean } = {}): () => void {
    const { ignore, ...rest } = o
    return watchForReload({
      ...rest,
      dir: this.#o.dir,
      recursive: true,
      ...(ignore && { accept: (file) => !(file && ignore(file)) }),
      what: 'configuration',
      logger: this.#o.logger,
      reload: (why) => void this.reload(why),
    })
  }

  /** Closes the current federation and any still draining. */
  async close(): Promise<void> {
    await Promise.all([this.#current.close(), this.#retirement.closeAll()])
  }
}

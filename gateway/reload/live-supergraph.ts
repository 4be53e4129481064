import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { Logger } from '../logger.js'
import { serialReloads, watchForReload } from './reload-trigger.js'

export interface LiveSupergraphOptions {
  /** The supergraph file (composed elsewhere, e.g. by rover), read again on every reload. */
  file: string
  /**
   * Turns the file's text into the supergraph to serve (composition with the canonical API).
   * @throws when it does not compose; the running supergraph then stays.
   */
  compose(text: string, file: string): string
  /** Serves the composed supergraph (Gateway.replaceSupergraph); throws when it is not executable. */
  apply(supergraphSdl: string): void
  logger: Logger
}

export type SupergraphReloadOutcome = { ok: true; subgraphs: string[] } | { ok: false; error: string }

/**
 * The supergraph the gateway serves, reloaded when its file changes or on SIGHUP: the new file
 * is composed and made executable before it replaces the running one; a file that is missing,
 * does not compose or cannot be planned is refused, and the running supergraph stays (so a
 * half-written file never takes the API down). A file that appears later (e.g.
 * `supergraph.graphql` added to the configuration directory) turns supergraph mode on.
 */
export class LiveSupergraph {
  readonly #o: LiveSupergraphOptions

  constructor(o: LiveSupergraphOptions) {
    this.#o = o
  }

  /** Reloads now; concurrent calls share one reload, and a call during one runs another after it. */
  readonly reload = serialReloads((reason) => this.#reloadOnce(reason))

  #reloadOnce(reason: string): SupergraphReloadOutcome {
    const { file, logger } = this.#o
    try {
      if (!existsSync(file)) throw new Error(`${file} is missing`)
      const sdl = this.#o.compose(readFileSync(file, 'utf8'), file)
      this.#o.apply(sdl)
      const subgraphs = [...sdl.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]!)
      logger.info({ reason, file, subgraphs }, 'supergraph reloaded')
      return { ok: true, subgraphs }
    } catch (err) {
      const error = (err as Error).message
      logger.error({ reason, file, error }, 'supergraph reload refused; the running supergraph stays')
      return { ok: false, error }
    }
  }

  /**
   * Reloads when the file changes (debounced; unless `files` is false) and, unless `signal` is
   * false, on SIGHUP. The directory is watched rather than the file, so a file replaced by
   * rename (as editors and deploy tools do) is still seen. Returns a function that stops watching.
   */
  watch(o: { debounceMs?: number; signal?: boolean; files?: boolean } = {}): () => void {
    const name = basename(this.#o.file)
    return watchForReload({
      ...o,
      dir: dirname(this.#o.file),
      accept: (file) => file === name,
      what: 'supergraph',
      logger: this.#o.logger,
      reload: (why) => void this.reload(why),
    })
  }
}

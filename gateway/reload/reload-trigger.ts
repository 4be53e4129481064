import { watch, type FSWatcher } from 'node:fs'
import type { Logger } from '../logger.js'

/**
 * Serialises reloads: a call while one runs shares it and runs one more after it (the file may
 * have changed again meanwhile), so the last change is always the one served.
 */
export function serialReloads<T>(run: (reason: string) => T | Promise<T>): (reason: string) => Promise<T> {
  let running: Promise<T> | undefined
  let again = false
  const reload = (reason: string): Promise<T> => {
    if (running) {
      again = true
      return running
    }
    running = Promise.resolve()
      .then(() => run(reason))
      .finally(() => {
        running = undefined
        if (again) {
          again = false
          void reload(`${reason} (changed again)`)
        }
      })
    return running
  }
  return reload
}

export interface ReloadTriggerOptions {
  /** The directory to watch. */
  dir: string
  recursive?: boolean
  /** Which changed files count (by the name fs.watch reports); default all. */
  accept?: (file: string | null) => boolean
  /** Watch files at all (false: SIGHUP only). */
  files?: boolean
  /** Reload on SIGHUP too (default true). */
  signal?: boolean
  debounceMs?: number
  /** What is reloaded, for the log ("configuration", "supergraph"). */
  what: string
  logger: Logger
  reload(reason: string): void
}

/**
 * Calls `reload` when a file under `dir` changes (debounced: an editor's save is several
 * events) and on SIGHUP. Returns a function that stops watching.
 */
export function watchForReload(o: ReloadTriggerOptions): () => void {
  let timer: NodeJS.Timeout | undefined
  const soon = (why: string) => {
    clearTimeout(timer)
    timer = setTimeout(() => o.reload(why), o.debounceMs ?? 250)
  }
  let watcher: FSWatcher | undefined
  if (o.files !== false) {
    try {
      watcher = watch(o.dir, { recursive: o.recursive === true }, (_event, file) => {
        if (!o.accept || o.accept(file)) soon(`file changed: ${file ?? '?'}`)
      })
      watcher.on('error', (err) => o.logger.warn({ err: err.message }, `${o.what} watch failed; reload with SIGHUP`))
    } catch (err) {
      o.logger.warn({ err: (err as Error).message }, `cannot watch the ${o.what} files; reload with SIGHUP`)
    }
  }
  const onHup = () => o.reload('SIGHUP')
  if (o.signal !== false) process.on('SIGHUP', onHup)
  return () => {
    clearTimeout(timer)
    watcher?.close()
    process.off('SIGHUP', onHup)
  }
}

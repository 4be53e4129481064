/**
 * What a reload replaced (a federation, a supergraph): kept open for the requests still using
 * it, and closed once they have had `drainMs` to finish.
 */
export class Retirement<T extends { close(): Promise<void> }> {
  readonly #draining = new Map<T, NodeJS.Timeout>()

  constructor(private readonly drainMs: number) {}

  retire(old: T): void {
    const timer = setTimeout(() => {
      this.#draining.delete(old)
      void old.close()
    }, this.drainMs)
    timer.unref()
    this.#draining.set(old, timer)
  }

  /** Closes everything still draining, now. */
  async closeAll(): Promise<void> {
    const all = [...this.#draining]
    this.#draining.clear()
    await Promise.all(all.map(([old, timer]) => (clearTimeout(timer), old.close())))
  }
}

import { EventEmitter } from 'node:events'

/**
 * In-process fan-out of string announcements to listeners: changed case ids (CaseEvents) and
 * regions with ready delivery messages (Outbox.onReady). Both stores deliver through it.
 */
export interface Fanout {
  emit(value: string): void
  subscribe(listener: (value: string) => void): () => void
  readonly listenerCount: number
}

export function createFanout(): Fanout {
  const emitter = new EventEmitter()
  // Every open subscription (e.g. one per SSE client) is a listener: no leak warning at 10.
  emitter.setMaxListeners(0)
  return {
    emit: (value) => { emitter.emit('value', value) },
    subscribe(listener) {
      // A throwing listener must not keep the others from hearing the event, nor surface as
      // an uncaught exception on the connection that delivered it.
      const safe = (value: string): void => { try { listener(value) } catch { /* the listener's own fault */ } }
      emitter.on('value', safe)
      return () => { emitter.off('value', safe) }
    },
    get listenerCount() { return emitter.listenerCount('value') },
  }
}

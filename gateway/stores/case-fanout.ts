import { EventEmitter } from 'node:events'

/** In-process fan-out of case ids to listeners; both stores deliver their events through it. */
export interface CaseFanout {
  emit(caseId: string): void
  subscribe(listener: (caseId: string) => void): () => void
  readonly listenerCount: number
}

export function createCaseFanout(): CaseFanout {
  const emitter = new EventEmitter()
  // Every open subscription (e.g. one per SSE client) is a listener: no leak warning at 10.
  emitter.setMaxListeners(0)
  return {
    emit: (caseId) => { emitter.emit('case', caseId) },
    subscribe(listener) {
      // A throwing listener must not keep the others from hearing the event, nor surface as
      // an uncaught exception on the connection that delivered it.
      const safe = (id: string): void => { try { listener(id) } catch { /* the listener's own fault */ } }
      emitter.on('case', safe)
      return () => { emitter.off('case', safe) }
    },
    get listenerCount() { return emitter.listenerCount('case') },
  }
}

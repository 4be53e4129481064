/**
 * Key layout of the Redis store. Lua scripts build some keys from the prefix themselves (the
 * index and outbox keys of a case they read), so the scripts are generated from these same
 * constants: there is one spelling of each key.
 *
 * Every key of one store lives under its prefix. For Redis Cluster, give the prefix a hash tag
 * (`{tongban}:`) so all keys share a slot: one audit chain head serialises every commit anyway,
 * and a script may only touch keys of its own slot.
 */
export const K = {
  /** String `seq:hash` of the last entry; absent while the log is empty. */
  auditHead: 'audit:head',
  /** List of entry JSON: element i is entry seq i + 1. */
  auditLog: 'audit:log',
  checkpoints: 'audit:checkpoints',
  /** String, short-lived: the replica whose commit lost the race for the chain head and goes next. */
  auditTurn: 'audit:turn',
  /** String: the case document (JSON). */
  case: 'case:',
  /**
   * One hash: case id → version, accepting region, accepting window, competent region, regions
   * the case is open in (comma-separated), newline-separated. Entries written before the last
   * field existed have four lines: such a case is open nowhere until its next change.
   */
  caseMeta: 'cases:meta',
  /** One hash: idempotency key → case id, newline, request hash. */
  idempotency: 'idempotency',
  listAll: 'cases:all',
  listAccepting: 'cases:accepting:',
  listWindow: 'cases:window:',
  listCompetent: 'cases:competent:',
  listOpen: 'cases:open:',
  outbox: 'outbox:',
  delayed: 'outbox-delayed:',
  dead: 'outbox-dead',
  deadCount: 'outbox-dead:count',
  events: 'case-events',
  /** Pub/sub channel: regions whose queue a commit gave messages due at once, one per line. */
  outboxReady: 'outbox-ready',
} as const

export type RedisKeys = ReturnType<typeof redisKeys>

export function redisKeys(prefix: string) {
  return {
    prefix,
    auditHead: prefix + K.auditHead,
    auditLog: prefix + K.auditLog,
    checkpoints: prefix + K.checkpoints,
    auditTurn: prefix + K.auditTurn,
    dead: prefix + K.dead,
    deadCount: prefix + K.deadCount,
    /** A pub/sub channel, not a key; prefixed so stores sharing a server do not hear each other. */
    events: prefix + K.events,
    /** A pub/sub channel too. */
    outboxReady: prefix + K.outboxReady,
    case: (id: string) => prefix + K.case + id,
    caseMeta: prefix + K.caseMeta,
    idempotency: prefix + K.idempotency,
    outbox: (region: string) => prefix + K.outbox + region,
    delayed: (region: string) => prefix + K.delayed + region,
    listAll: prefix + K.listAll,
    listAccepting: (region: string) => prefix + K.listAccepting + region,
    listWindow: (window: string) => prefix + K.listWindow + window,
    listCompetent: (region: string) => prefix + K.listCompetent + region,
    listOpen: (region: string) => prefix + K.listOpen + region,
  }
}

import { CompactSign } from 'jose'
import type { ReceiptKey } from '../acceptance/receipt-key.js'
import { nowIso } from '../acceptance/case-progress.js'
import type { Logger } from '../logger.js'
import type { AuditLog } from '../stores/case-store.js'

export const CHECKPOINT_TYPE = 'tongban-audit-checkpoint+jwt'

/** Signs the chain head: whoever holds a checkpoint can tell that nothing before it changed. */
export async function signCheckpoint(head: { seq: number; hash: string }, key: ReceiptKey, at = nowIso()): Promise<{ seq: number; hash: string; at: string; jws: string }> {
  const jws = await new CompactSign(Buffer.from(JSON.stringify({ seq: head.seq, hash: head.hash, at })))
    .setProtectedHeader({ alg: 'ES256', typ: CHECKPOINT_TYPE, kid: key.kid })
    .sign(key.privateKey)
  return { seq: head.seq, hash: head.hash, at, jws }
}

/**
 * Writes a signed checkpoint of the audit chain's head every interval, when the chain grew.
 * With several replicas each may write one; checkpoints of the same head are equivalent.
 */
export class AuditCheckpointer {
  #timer: NodeJS.Timeout | undefined
  #lastSeq = 0

  constructor(readonly deps: { audit: AuditLog; key: ReceiptKey; logger: Logger; intervalMs?: number }) {}

  start(): void {
    this.#timer = setInterval(() => void this.checkpoint(), this.deps.intervalMs ?? 10_000)
    this.#timer.unref()
  }

  async checkpoint(): Promise<boolean> {
    try {
      const head = await this.deps.audit.head()
      if (head.seq === 0 || head.seq <= this.#lastSeq) return false
      await this.deps.audit.addCheckpoint(await signCheckpoint(head, this.deps.key))
      this.#lastSeq = head.seq
      return true
    } catch (err) {
      this.deps.logger.warn({ err }, 'audit checkpoint failed; will try again')
      return false
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
    await this.checkpoint()
  }
}

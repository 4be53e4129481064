import { randomFillSync } from 'node:crypto'
import { monotonicFactory } from 'ulid'

// ulid's default generator draws a fresh random byte from the OS for each of its 16 random
// characters; at thousands of cases a second that showed in profiles. The same CSPRNG is
// used here, read 4 KiB at a time.
const pool = new Uint8Array(4096)
let next = pool.length

function prng(): number {
  if (next + 4 > pool.length) {
    randomFillSync(pool)
    next = 0
  }
  const v = ((pool[next]! << 24) | (pool[next + 1]! << 16) | (pool[next + 2]! << 8) | pool[next + 3]!) >>> 0
  next += 4
  return v / 0x1_0000_0000
}

const ulid = monotonicFactory(prng)

/** A new gateway case id: `TB-` and a ULID, so ids sort by time of acceptance. */
export function newCaseId(): string {
  return `TB-${ulid()}`
}

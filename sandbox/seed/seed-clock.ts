import { beijingMs } from './beijing-time.js'

// The sandbox's fixed "today": data must not depend on when the tests run, so nothing reads the
// real clock. Cases are received from SEED_START to the end of SEED_LAST_DAY (Beijing time), and
// every later state change happens before SEED_NOW.

/** First instant a sandbox case may be received: 2024-01-01 00:00 Beijing time. */
export const SEED_START_MS = beijingMs(2024, 1, 1)
/** Last calendar day (Beijing) on which cases are received and licences issued. */
export const SEED_LAST_DAY = '2026-11-20'
/** The sandbox's "now": 2026-11-21 00:00 Beijing time. Licences ending before it are expired. */
export const SEED_NOW_MS = beijingMs(2026, 11, 21)
export const SEED_TODAY = '2026-11-21'

import { maskIdNumber } from '../auth/personal-data.js'

/*
 * What must never reach a log line in clear, found by shape anywhere in the serialised line
 * (messages, nested objects, error stacks, yoga's own log arguments):
 * - bearer tokens and compact JWS/JWT (a receipt's payload carries the applicant's id number);
 * - PEM private keys;
 * - identity numbers: a resident ID (GB 11643: 17 digits and a check digit or X) or a unified
 *   social credit code (GB 32100: 18 characters of 0-9 and A-Z without I, O, S, V, Z; the area
 *   code in 3–8). The resident form is a special case of the credit-code alphabet except for a
 *   lower-case x. Matched by shape, not by check character: a mistyped number is just as
 *   personal. Any other 18-digit number is masked too — a harmless over-reach.
 * "Standalone" means not inside a longer run of letters and digits; JSON escapes such as \n
 * just before a number do not hide it.
 */
const TOKEN = String.raw`Bearer\s+[^\s"\\]+|eyJ[\w-]*\.[\w-]*\.[\w-]*`
const PRIVATE_KEY = String.raw`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----`
const IDENTITY = String.raw`(?<=^|[^0-9A-Za-z]|\\[nrtbf])(?:[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}|\d{17}x)(?![0-9A-Za-z])`
const SENSITIVE = new RegExp(`(${TOKEN})|(${PRIVATE_KEY})|(${IDENTITY})`, 'g')

/**
 * `510107199001011234` → `510107********1234` (the form the API uses for the public, see
 * auth/personal-data.ts: the area of registration and the last four stay, the birth date goes);
 * tokens and private keys → `[redacted]`. Safe on serialised JSON: no replacement contains a
 * quote or a backslash.
 */
export function maskSensitive(text: string): string {
  return text.replace(SENSITIVE, (match, token: string | undefined, key: string | undefined) =>
    token ? (match.startsWith('Bearer') ? 'Bearer [redacted]' : '[redacted]') : key ? '[redacted private key]' : maskIdNumber(match),
  )
}

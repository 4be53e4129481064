import { pino, type Logger } from 'pino'
import { maskSensitive } from './observability/mask-identity.js'

export type { Logger }

/**
 * Structured JSON logs, one object per line. Secrets and personal identity numbers never reach
 * the output: known secret paths are redacted by pino, and every finished line is scanned for
 * what slipped through elsewhere (a token or an id number inside a message, an error, a
 * variable) — see observability/mask-identity.ts.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'tongban' },
      redact: {
        paths: [
          'authorization',
          'headers.authorization',
          'headers.cookie',
          'req.headers.authorization',
          'req.headers.cookie',
          'token',
          '*.token',
          'privateKey',
          '*.privateKey',
          'password',
          '*.password',
        ],
        censor: '[redacted]',
      },
      hooks: { streamWrite: maskSensitive },
    },
    options.destination ?? process.stdout,
  )
}

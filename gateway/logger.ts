import { pino, type Logger } from 'pino'

export type { Logger }

/**
 * Structured JSON logs. Secrets never reach the logger: authorization headers and tokens are
 * redacted by path should a caller pass them in a log object.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'tongban' },
      redact: { paths: ['authorization', 'headers.authorization', 'token', '*.token', 'privateKey', '*.privateKey'], censor: '[redacted]' },
    },
    options.destination ?? process.stdout,
  )
}

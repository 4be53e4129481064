import { channel } from 'node:diagnostics_channel'
import type { UnavailableReason } from '../errors.js'

/**
 * What the federation layer tells observers about its requests to the cities, through
 * `node:diagnostics_channel`: the gateway subscribes for metrics and traces, and federation
 * imports nothing of the gateway. While nobody subscribes, a request builds no event at all.
 *
 * - `tongban:upstream:start` ({@link UpstreamCall}): a request is about to be sent. Published
 *   synchronously in the caller's async context, so a tracer finds the caller's span there.
 *   Subscribers may add headers for the city (a W3C `traceparent`) to `call.headers`.
 * - `tongban:upstream:attempt` ({@link UpstreamAttempt}): one HTTP exchange ended (a retry is
 *   another attempt).
 * - `tongban:upstream:end` ({@link UpstreamCall}, now with its outcome): the request is done,
 *   retries included, or was refused by an open breaker (`attempts: 0`).
 */
export const upstreamChannels = {
  start: channel('tongban:upstream:start'),
  attempt: channel('tongban:upstream:attempt'),
  end: channel('tongban:upstream:end'),
}

export type UpstreamOutcome = 'ok' | UnavailableReason

/** One request of the gateway to one city, with all its attempts. */
export interface UpstreamCall {
  /** The city's region code. */
  readonly region: string
  readonly operationName: string | undefined
  /** Reads may be retried; writes (deliveries) never are. */
  readonly read: boolean
  /** Root fields the request carries (a batch of aliased root calls counts each one). */
  readonly fields: number
  /** Sent to the city as x-request-id. */
  readonly requestId: string
  /** Headers for the city that subscribers add at start (e.g. traceparent); sent with every attempt. */
  readonly headers: Record<string, string>
  attempts: number
  /** HTTP status of the last attempt that received one. */
  status: number | undefined
  /** Set at end. */
  outcome: UpstreamOutcome | undefined
  /** Errors the city reported inside an otherwise valid GraphQL response. */
  graphqlErrors: number
}

export interface UpstreamAttempt {
  readonly call: UpstreamCall
  /** 1 for the first attempt. */
  readonly attempt: number
  readonly ms: number
  readonly outcome: UpstreamOutcome
}

/** Whether anyone listens: checked once per request, so an unobserved gateway pays nothing more. */
export function upstreamObserved(): boolean {
  return upstreamChannels.start.hasSubscribers || upstreamChannels.attempt.hasSubscribers || upstreamChannels.end.hasSubscribers
}

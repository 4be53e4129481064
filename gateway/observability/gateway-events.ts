import { channel } from 'node:diagnostics_channel'
import type { Indication, SignatureFormat, SubIndication } from '../../signing/index.js'

/**
 * Domain events the gateway publishes for observers (metrics), through diagnostics channels
 * like the federation's upstream events: the code that does the work needs no handle on a
 * metrics registry, and nothing is built while nobody listens.
 */
export const gatewayChannels = {
  /** {@link VerificationEvent}: a verifyCertificate answer (also for materials at intake). */
  verification: channel('tongban:verification'),
  /** {@link DeliveryEvent}: one delivery attempt of an outbox message ended. */
  delivery: channel('tongban:delivery'),
  /** {@link CaseAcceptedEvent}: a new case was committed (replays are not new cases). */
  caseAccepted: channel('tongban:case-accepted'),
}

export interface VerificationEvent {
  /** The combined answer. */
  indication: Indication
  subIndication: SubIndication | undefined
  /** One per signed form that was checked. */
  reports: readonly { format: SignatureFormat; indication: Indication; subIndication?: SubIndication | undefined }[]
}

export type DeliveryOutcome = 'delivered' | 'duplicate' | 'retry' | 'dead' | 'skipped' | 'error'

export interface DeliveryEvent {
  region: string
  kind: 'deliver' | 'compensate'
  outcome: DeliveryOutcome
}

export interface CaseAcceptedEvent {
  acceptingRegion: string
  competentRegion: string
  mode: string
}

export function publishVerification(e: VerificationEvent): void {
  if (gatewayChannels.verification.hasSubscribers) gatewayChannels.verification.publish(e)
}

export function publishCaseAccepted(e: CaseAcceptedEvent): void {
  if (gatewayChannels.caseAccepted.hasSubscribers) gatewayChannels.caseAccepted.publish(e)
}

import type { DeliveryPayload } from '../../federation/delivery/delivery-payload.js'
import type { RemoteCase } from '../acceptance/remote-case.js'

/** The canonical payload of one step of a case, as the region mappings read it. */
export function deliveryPayload(c: RemoteCase, step: number, reason: string | null = null): DeliveryPayload {
  return {
    caseId: c.id,
    step,
    matterCode: c.matterCode,
    mode: c.mode,
    receivedAt: c.receivedAt,
    acceptingRegion: c.accepting.region,
    acceptingWindow: c.accepting.window,
    applicant: { kind: c.applicant.kind, name: c.applicant.name, idNumber: c.applicant.idNumber, phone: c.applicant.phone },
    materials: c.materials.map((m) => ({ name: m.name, certificateId: m.certificateId, digest: m.digest })),
    reason,
  }
}

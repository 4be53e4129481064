/**
 * What the gateway hands a city for one step of a remote-acceptance case, in canonical terms.
 * A region's `deliver` / `withdraw` mapping turns it into the city's own mutation arguments.
 */
export interface DeliveryPayload {
  /** Gateway case id: the city's deduplication key. */
  caseId: string
  step: number
  matterCode: string
  mode: 'FULLY_ONLINE' | 'REMOTE_INTAKE' | 'MULTI_CITY'
  /** ISO-8601 with offset. */
  receivedAt: string
  acceptingRegion: string
  acceptingWindow: string
  applicant: { kind: 'PERSON' | 'ENTERPRISE'; name: string; idNumber: string; phone: string | null }
  materials: { name: string; certificateId: string | null; digest: string | null }[]
  /** Withdrawals: why. */
  reason: string | null
}

/** Payload paths a mapping may read, with the canonical kind of value each holds. */
export const PAYLOAD_FIELDS: Readonly<Record<string, string>> = {
  caseId: 'String',
  step: 'Int',
  matterCode: 'Matter',
  mode: 'HandlingMode',
  receivedAt: 'DateTime',
  acceptingRegion: 'String',
  acceptingWindow: 'String',
  'applicant.kind': 'ApplicantKind',
  'applicant.name': 'String',
  'applicant.idNumber': 'String',
  'applicant.phone': 'String',
  reason: 'String',
}

/** The list a mapping may map with `each`, and the fields of its items. */
export const PAYLOAD_LISTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  materials: { name: 'String', certificateId: 'ID', digest: 'String' },
}

/** Canonical enum domains, for checking that a reverse enum table covers every value. */
export const PAYLOAD_ENUMS: Readonly<Record<string, readonly string[]>> = {
  HandlingMode: ['FULLY_ONLINE', 'REMOTE_INTAKE', 'MULTI_CITY'],
  ApplicantKind: ['PERSON', 'ENTERPRISE'],
}

/**
 * A reader for one payload path (`applicant.name`), split once when a mapping is compiled
 * rather than on every read: deliveries read a dozen paths per case.
 */
export function payloadPathReader(path: string): (source: unknown) => unknown {
  const steps = path.split('.')
  return (source) => {
    let v: unknown = source
    for (const s of steps) {
      if (v === null || v === undefined) return null
      v = (v as Record<string, unknown>)[s]
    }
    return v ?? null
  }
}

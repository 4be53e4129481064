import type { IntakeLedger, IntakeRequest, IntakeStore } from '../intake/intake-types.js'
import { intakeMutations } from '../intake/intake-mutations.js'
import { fromLocal, requireTime } from '../intake/local-codes.js'
import { parseIsoInstant } from '../seed/beijing-time.js'
import { CHANNEL, HOLDER_TYPE, toApplication, type CdApplication, type ChengduData } from './chengdu-data.js'

// 天府蓉易办's side of 异地受理: receivePartnerApplication / withdrawPartnerApplication
// (region-configs/chengdu/schema.graphql, type Mutation).

interface PartnerApplicationInput {
  gatewayCaseId: string
  serviceItemCode: string
  channel: string
  /** DateTime is declared without a parser, so the value arrives as the client sent it. */
  submittedAt: unknown
  partnerRegionCode: string
  partnerWindowId: string
  applicant: { type: string; name: string; idNumber: string; mobile?: string | null }
  attachments: Array<{ title: string; licenceId?: string | null; sha256?: string | null }>
}

/** Chengdu's records as the shared intake reaches them. */
export function chengduIntakeStore(data: ChengduData): IntakeStore<CdApplication> {
  return {
    toLocal: toApplication,
    insert(record, facts) {
      // The cursor key must exist before the table orders the record by it.
      data.receivedMs.set(record, facts.receivedAt)
      data.applications.insert(record)
    },
  }
}

function toRequest(input: PartnerApplicationInput): IntakeRequest {
  const at = typeof input.submittedAt === 'string' ? parseIsoInstant(input.submittedAt) : undefined
  const { applicant } = input
  return {
    gatewayCaseId: input.gatewayCaseId,
    localMatterCode: input.serviceItemCode,
    mode: fromLocal(CHANNEL, input.channel, 'channel'),
    // Whole seconds: Chengdu's DateTime has no fraction, and the list order must match what it shows.
    submittedAt: Math.floor(requireTime(at, 'submittedAt', input.submittedAt) / 1000) * 1000,
    acceptingRegion: input.partnerRegionCode,
    acceptingWindow: input.partnerWindowId,
    applicant: { kind: fromLocal(HOLDER_TYPE, applicant.type, 'applicant.type'), name: applicant.name, idNumber: applicant.idNumber, phone: applicant.mobile ?? null },
    materials: input.attachments.map((a) => ({ name: a.title, licenceId: a.licenceId ?? null, digest: a.sha256 ?? null })),
  }
}

/** Mutation resolvers over the city's intake ledger. */
export function chengduIntakeResolvers(intake: IntakeLedger<CdApplication>) {
  return intakeMutations(intake, {
    receive: { field: 'receivePartnerApplication', arg: 'input', read: toRequest, receipt: (r) => ({ applicationNumber: r.localId, duplicate: r.duplicate }) },
    withdraw: { field: 'withdrawPartnerApplication', id: 'gatewayCaseId', reason: 'reason' },
  })
}

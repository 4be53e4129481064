import type { IntakeLedger, IntakeRequest, IntakeStore } from '../intake/intake-types.js'
import { intakeMutations } from '../intake/intake-mutations.js'
import { fromLocal, requireTime } from '../intake/local-codes.js'
import { parseBeijing } from '../seed/beijing-time.js'
import { PARTY_TYPE, ROUTE, toRecord, type ZiyangData, type ZyCaseRecord } from './ziyang-data.js'

// 资阳's side of 异地受理: fileCaseRecord / withdrawCaseRecord
// (region-configs/ziyang/schema.graphql, type Mutation).

interface CaseFiling {
  gatewayRef: string
  itemNo: string
  route: string
  /** yyyy-MM-dd HH:mm:ss, Beijing time */
  filedTime: string
  originArea: string
  originWindow: string
  party: { partyType: string; partyName: string; partyCode: string; mobile?: string | null }
  proofs?: Array<{ label: string; documentNo?: string | null; fingerprint?: string | null }> | null
}

/** Ziyang's records as the shared intake reaches them. */
export function ziyangIntakeStore(data: ZiyangData): IntakeStore<ZyCaseRecord> {
  return { toLocal: toRecord, insert: (record) => data.records.insert(record) }
}

function toRequest(filing: CaseFiling): IntakeRequest {
  const { party } = filing
  return {
    gatewayCaseId: filing.gatewayRef,
    localMatterCode: filing.itemNo,
    mode: fromLocal(ROUTE, filing.route, 'route'),
    submittedAt: requireTime(parseBeijing(filing.filedTime, 'spaced'), 'filedTime', filing.filedTime),
    acceptingRegion: filing.originArea,
    acceptingWindow: filing.originWindow,
    applicant: { kind: fromLocal(PARTY_TYPE, party.partyType, 'party.partyType'), name: party.partyName, idNumber: party.partyCode, phone: party.mobile ?? null },
    materials: (filing.proofs ?? []).map((p) => ({ name: p.label, licenceId: p.documentNo ?? null, digest: p.fingerprint ?? null })),
  }
}

/** Mutation resolvers over the city's intake ledger. */
export function ziyangIntakeResolvers(intake: IntakeLedger<ZyCaseRecord>) {
  return intakeMutations(intake, {
    receive: { field: 'fileCaseRecord', arg: 'filing', read: toRequest, receipt: (r) => ({ recordNo: r.localId, repeated: r.duplicate }) },
    withdraw: { field: 'withdrawCaseRecord', id: 'gatewayRef', reason: 'reason' },
  })
}

import {
  createChengduCity,
  createDeyangCity,
  createMeishanCity,
  createZiyangCity,
  type CanonicalState,
  type PartyKind,
  sandboxSeed,
  type SandboxCity,
} from '../../sandbox/index.js'
import { compactDateTime, isoBeijing, spacedDateTime } from '../../sandbox/seed/beijing-time.js'
import { expect } from 'vitest'
import { gql, gqlData } from './sandbox-helpers.js'

// Each city's intake, withdrawal, lookup and list, spoken over HTTP in that city's own schema,
// so one suite can drive all four and still check each city's local shapes.

/** A remote case in neutral terms; each driver writes it in its city's input shape. */
export interface RemoteCaseSpec {
  gatewayCaseId: string
  localMatterCode: string
  /** Epoch ms, whole seconds. */
  submittedAt: number
  acceptingRegion: string
  window: string
  applicant: { kind: PartyKind; name: string; idNumber: string; phone: string | null }
  materials: Array<{ name: string; licenceId: string | null; digest: string | null }>
}

/** The parts of a local case record the tests compare, read out of the city's own shape. */
export interface LocalCase {
  localId: string
  state: string | number
  mode: string | null
  receivedAt: string | number
  acceptingRegion: string | null
  applicantId: string
  applicantName: string
  history: Array<{ state: string | number; note: string | null }>
  materials: Array<{ name: string; licenceId: string | null; digest: string | null }>
  /** Meishan only: the register id the case refers to. */
  applicantRef?: number
}

export interface Delivery {
  receipt?: { localId: string; duplicate: boolean }
  errorCode?: string
}

export interface IntakeDriver {
  name: string
  code: string
  create(): SandboxCity
  /** The city's own value for each canonical state (from its region.yaml `enums`). */
  local: Readonly<Record<CanonicalState, string | number>>
  /** The city's own value for handling mode REMOTE_INTAKE. */
  remoteMode: string
  idPattern: RegExp
  /** An instant as the city writes its receipt time. */
  stamp(ms: number): string | number
  deliver(url: string, c: RemoteCaseSpec): Promise<Delivery>
  withdraw(url: string, gatewayCaseId: string, reason: string): Promise<LocalCase | null>
  lookup(url: string, localId: string): Promise<LocalCase | null>
  /** Up to `n` newest cases (number and receipt time) and the total, optionally for one applicant. */
  newest(url: string, n: number, applicantId?: string): Promise<{ rows: Array<{ id: string; at: string | number }>; total: number }>
}

const delivery = (reply: { data?: Record<string, any> | null; errors?: Array<{ extensions?: { code?: string } }> }, field: string, no: string, dup: string): Delivery => {
  const r = reply.data?.[field]
  return r ? { receipt: { localId: r[no], duplicate: r[dup] } } : { errorCode: reply.errors?.[0]?.extensions?.code ?? 'NO_DATA' }
}

const CD_FIELDS = `applicationNumber status channel submittedAt partnerRegionCode
  applicant { __typename ... on NaturalPerson { fullName idCardNumber } ... on LegalEntity { entityName creditCode } }
  statusHistory { status remark } attachments { title licenceId sha256 }`
const cdCase = (a: any): LocalCase => ({
  localId: a.applicationNumber,
  state: a.status,
  mode: a.channel,
  receivedAt: a.submittedAt,
  acceptingRegion: a.partnerRegionCode,
  applicantId: a.applicant.idCardNumber ?? a.applicant.creditCode,
  applicantName: a.applicant.fullName ?? a.applicant.entityName,
  history: a.statusHistory.map((h: any) => ({ state: h.status, note: h.remark })),
  materials: a.attachments.map((m: any) => ({ name: m.title, licenceId: m.licenceId, digest: m.sha256 })),
})

const chengdu: IntakeDriver = {
  name: 'Chengdu',
  code: '510100',
  create: createChengduCity,
  local: { DELIVERED: 'PENDING_INTAKE', ACCEPTED: 'ACCEPTED', REFUSED: 'REJECTED', IN_REVIEW: 'UNDER_REVIEW', APPROVED: 'APPROVED', DENIED: 'DISAPPROVED', RESULT_ISSUED: 'CERTIFICATE_ISSUED' },
  remoteMode: 'PROXY',
  idPattern: /^CD\d{13}$/,
  stamp: isoBeijing,
  async deliver(url, c) {
    const input = {
      gatewayCaseId: c.gatewayCaseId, serviceItemCode: c.localMatterCode, channel: 'PROXY', submittedAt: isoBeijing(c.submittedAt),
      partnerRegionCode: c.acceptingRegion, partnerWindowId: c.window,
      applicant: { type: c.applicant.kind === 'PERSON' ? 'INDIVIDUAL' : 'ORGANISATION', name: c.applicant.name, idNumber: c.applicant.idNumber, mobile: c.applicant.phone },
      attachments: c.materials.map((m) => ({ title: m.name, licenceId: m.licenceId, sha256: m.digest })),
    }
    const reply = await gql(url, 'mutation ($input: PartnerApplicationInput!) { receivePartnerApplication(input: $input) { applicationNumber duplicate } }', { input })
    return delivery(reply, 'receivePartnerApplication', 'applicationNumber', 'duplicate')
  },
  async withdraw(url, id, reason) {
    const data = await gqlData(url, `mutation ($id: String!, $r: String!) { withdrawPartnerApplication(gatewayCaseId: $id, reason: $r) { ${CD_FIELDS} } }`, { id, r: reason })
    return data['withdrawPartnerApplication'] && cdCase(data['withdrawPartnerApplication'])
  },
  async lookup(url, no) {
    const data = await gqlData(url, `query ($n: [String!]!) { applicationsByNumbers(numbers: $n) { ${CD_FIELDS} } }`, { n: [no] })
    return data['applicationsByNumbers'][0] && cdCase(data['applicationsByNumbers'][0])
  },
  async newest(url, n, applicantId) {
    const data = await gqlData(url, 'query ($w: ApplicationWhere, $n: Int) { applications(where: $w, first: $n) { totalCount edges { node { applicationNumber submittedAt } } } }', { w: { applicantIdNumber: applicantId }, n })
    return { rows: data['applications'].edges.map((e: any) => ({ id: e.node.applicationNumber, at: e.node.submittedAt })), total: data['applications'].totalCount }
  },
}

const DY_FIELDS = 'bjbh zt blfs sqsj slqh sqrlx sqrxm sfzhm lzjl { zt bz } cl { clmc zzbh zy }'
const dyCase = (b: any): LocalCase => ({
  localId: b.bjbh, state: b.zt, mode: b.blfs, receivedAt: b.sqsj, acceptingRegion: b.slqh, applicantId: b.sfzhm, applicantName: b.sqrxm,
  history: b.lzjl.map((h: any) => ({ state: h.zt, note: h.bz })),
  materials: (b.cl ?? []).map((m: any) => ({ name: m.clmc, licenceId: m.zzbh, digest: m.zy })),
})

const deyang: IntakeDriver = {
  name: 'Deyang',
  code: '510600',
  create: createDeyangCity,
  local: { DELIVERED: '01', ACCEPTED: '02', REFUSED: '03', IN_REVIEW: '04', APPROVED: '05', DENIED: '06', RESULT_ISSUED: '07' },
  remoteMode: '2',
  idPattern: /^510600\d{14}$/,
  stamp: compactDateTime,
  async deliver(url, c) {
    const bj = {
      wgbh: c.gatewayCaseId, sxbm: c.localMatterCode, blfs: '2', sqsj: compactDateTime(c.submittedAt), slqh: c.acceptingRegion, slck: c.window,
      sqrlx: c.applicant.kind === 'PERSON' ? '1' : '2', sqrxm: c.applicant.name, sfzhm: c.applicant.idNumber, lxdh: c.applicant.phone,
      cl: c.materials.map((m) => ({ clmc: m.name, zzbh: m.licenceId, zy: m.digest })),
    }
    return delivery(await gql(url, 'mutation ($bj: YcbjInput!) { jsycbj(bj: $bj) { bjbh cf } }', { bj }), 'jsycbj', 'bjbh', 'cf')
  },
  async withdraw(url, id, reason) {
    const data = await gqlData(url, `mutation ($id: String!, $r: String!) { chycbj(wgbh: $id, yy: $r) { ${DY_FIELDS} } }`, { id, r: reason })
    return data['chycbj'] && dyCase(data['chycbj'])
  },
  async lookup(url, no) {
    const data = await gqlData(url, `query ($n: [String!]!) { bjcx(bjbh: $n) { ${DY_FIELDS} } }`, { n: [no] })
    return data['bjcx'][0] && dyCase(data['bjcx'][0])
  },
  async newest(url, n, applicantId) {
    const data = await gqlData(url, 'query ($s: String, $n: Int) { bjlb(sfzhm: $s, ts: $n) { bjbh sqsj } bjsl(sfzhm: $s) }', { s: applicantId, n })
    return { rows: data['bjlb'].map((b: any) => ({ id: b.bjbh, at: b.sqsj })), total: data['bjsl'] }
  },
}

const MS_FIELDS = 'case_no status mode created_ms accepting_area applicant_kind applicant_ref timeline { status comment } materials { title licence_no digest_hex }'
async function msCase(url: string, c: any): Promise<LocalCase> {
  const register = c.applicant_kind === 'person' ? 'persons_by_id(ids: $ids) { name no: id_no }' : 'enterprises_by_id(ids: $ids) { name no: uscc }'
  const data = await gqlData(url, `query ($ids: [Int!]!) { r: ${register} }`, { ids: [c.applicant_ref] })
  const party = data['r'][0]
  return {
    localId: c.case_no, state: c.status, mode: c.mode, receivedAt: c.created_ms, acceptingRegion: c.accepting_area,
    applicantId: party.no, applicantName: party.name, applicantRef: c.applicant_ref,
    history: c.timeline.map((h: any) => ({ state: h.status, note: h.comment })),
    materials: (c.materials ?? []).map((m: any) => ({ name: m.title, licenceId: m.licence_no, digest: m.digest_hex })),
  }
}

const meishan: IntakeDriver = {
  name: 'Meishan',
  code: '511400',
  create: createMeishanCity,
  local: { DELIVERED: 10, ACCEPTED: 20, REFUSED: 21, IN_REVIEW: 30, APPROVED: 40, DENIED: 41, RESULT_ISSUED: 50 },
  remoteMode: 'proxy',
  idPattern: /^MS-\d{4}-\d{6}$/,
  stamp: (ms) => ms,
  async deliver(url, c) {
    const input = {
      gateway_case_id: c.gatewayCaseId, item_code: c.localMatterCode, mode: 'proxy', created_ms: c.submittedAt, accepting_area: c.acceptingRegion, accepting_window: c.window,
      applicant_kind: c.applicant.kind === 'PERSON' ? 'person' : 'enterprise', applicant_name: c.applicant.name, applicant_id_no: c.applicant.idNumber, applicant_phone: c.applicant.phone,
      materials: c.materials.map((m) => ({ title: m.name, licence_no: m.licenceId, digest_hex: m.digest })),
    }
    const reply = await gql(url, 'mutation ($c: remote_case_input!) { accept_remote_case(case: $c) { case_no duplicate } }', { c: input })
    return delivery(reply, 'accept_remote_case', 'case_no', 'duplicate')
  },
  async withdraw(url, id, reason) {
    const data = await gqlData(url, `mutation ($id: String!, $r: String!) { cancel_remote_case(gateway_case_id: $id, reason: $r) { ${MS_FIELDS} } }`, { id, r: reason })
    return data['cancel_remote_case'] && msCase(url, data['cancel_remote_case'])
  },
  async lookup(url, no) {
    const data = await gqlData(url, `query ($n: [String!]!) { cases_by_no(case_nos: $n) { ${MS_FIELDS} } }`, { n: [no] })
    return data['cases_by_no'][0] && msCase(url, data['cases_by_no'][0])
  },
  async newest(url, n, applicantId) {
    const data = await gqlData(url, 'query ($f: case_filter, $n: Int) { case_page(filter: $f, limit: $n) { total items { case_no created_ms } } }', { f: { applicant_id_no: applicantId }, n })
    return { rows: data['case_page'].items.map((c: any) => ({ id: c.case_no, at: c.created_ms })), total: data['case_page'].total }
  },
}

const ZY_FIELDS = `recordNo phase route filedTime originArea party { partyName partyCode } trail { phase memo } proofs { label documentNo fingerprint }`
const zyCase = (r: any): LocalCase => ({
  localId: r.recordNo, state: r.phase, mode: r.route, receivedAt: r.filedTime, acceptingRegion: r.originArea, applicantId: r.party.partyCode, applicantName: r.party.partyName,
  history: r.trail.map((h: any) => ({ state: h.phase, note: h.memo })),
  materials: (r.proofs ?? []).map((m: any) => ({ name: m.label, licenceId: m.documentNo, digest: m.fingerprint })),
})

const ziyang: IntakeDriver = {
  name: 'Ziyang',
  code: '512000',
  create: createZiyangCity,
  local: { DELIVERED: 'WAITING', ACCEPTED: 'TAKEN', REFUSED: 'DECLINED', IN_REVIEW: 'EXAMINING', APPROVED: 'GRANTED', DENIED: 'REJECTED', RESULT_ISSUED: 'CLOSED' },
  remoteMode: 'relay',
  idPattern: /^ZY\d{8}-\d{4,}$/,
  stamp: spacedDateTime,
  async deliver(url, c) {
    const filing = {
      gatewayRef: c.gatewayCaseId, itemNo: c.localMatterCode, route: 'relay', filedTime: spacedDateTime(c.submittedAt), originArea: c.acceptingRegion, originWindow: c.window,
      party: { partyType: c.applicant.kind === 'PERSON' ? 'INDIVIDUAL' : 'CORPORATE', partyName: c.applicant.name, partyCode: c.applicant.idNumber, mobile: c.applicant.phone },
      proofs: c.materials.map((m) => ({ label: m.name, documentNo: m.licenceId, fingerprint: m.digest })),
    }
    return delivery(await gql(url, 'mutation ($f: CaseFiling!) { fileCaseRecord(filing: $f) { recordNo repeated } }', { f: filing }), 'fileCaseRecord', 'recordNo', 'repeated')
  },
  async withdraw(url, id, reason) {
    const data = await gqlData(url, `mutation ($id: String!, $r: String!) { withdrawCaseRecord(gatewayRef: $id, reason: $r) { ${ZY_FIELDS} } }`, { id, r: reason })
    return data['withdrawCaseRecord'] && zyCase(data['withdrawCaseRecord'])
  },
  async lookup(url, no) {
    // Ziyang is a federation subgraph: single cases are looked up as entities.
    const data = await gqlData(url, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on CaseRecord { ${ZY_FIELDS} } } }`, { r: [{ __typename: 'CaseRecord', recordNo: no }] })
    return data['_entities'][0] && zyCase(data['_entities'][0])
  },
  async newest(url, n, applicantId) {
    const data = await gqlData(url, 'query ($c: CaseCriteria, $n: Int!) { caseRecords(criteria: $c, page: { skip: 0, take: $n }) { recordNo filedTime } caseRecordCount(criteria: $c) }', { c: { partyCode: applicantId }, n })
    return { rows: data['caseRecords'].map((r: any) => ({ id: r.recordNo, at: r.filedTime })), total: data['caseRecordCount'] }
  },
}

export const INTAKE_DRIVERS: readonly IntakeDriver[] = [chengdu, deyang, meishan, ziyang]

let counter = 0

/** A remote case for `d`'s city, accepted at a window of another city, submitted now. */
export function remoteCase(d: IntakeDriver, over: Partial<RemoteCaseSpec> = {}): RemoteCaseSpec {
  const person = sandboxSeed().persons[100 + (counter % 50)]!
  return {
    gatewayCaseId: `TB-${d.code}-${Date.now().toString(36)}-${++counter}`,
    localMatterCode: Object.values(sandboxSeed().cities[d.code]!.region.matterCodes)[0]!,
    submittedAt: Math.floor(Date.now() / 1000) * 1000,
    acceptingRegion: d.code === '511400' ? '510107' : '511402',
    window: `W-${counter}`,
    applicant: { kind: 'PERSON', name: person.name, idNumber: person.idNumber, phone: person.phone },
    materials: [
      { name: '身份证明', licenceId: null, digest: 'ab'.repeat(32) },
      { name: '营业执照', licenceId: 'LIC-1', digest: null },
    ],
    ...over,
  }
}

/** Delivers `spec` and expects a first delivery; returns the local case number. */
export async function deliverOk(d: IntakeDriver, url: string, spec: RemoteCaseSpec): Promise<string> {
  const { receipt, errorCode } = await d.deliver(url, spec)
  expect(errorCode).toBeUndefined()
  expect(receipt!.duplicate).toBe(false)
  return receipt!.localId
}

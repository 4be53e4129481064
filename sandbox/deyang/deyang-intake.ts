import type { IntakeLedger, IntakeRequest, IntakeStore } from '../intake/intake-types.js'
import { intakeMutations } from '../intake/intake-mutations.js'
import { fromLocal, requireTime } from '../intake/local-codes.js'
import { parseBeijing } from '../seed/beijing-time.js'
import { BLFS, SQRLX, toBj, type DeyangData, type DyBj } from './deyang-data.js'

// 德阳's side of 异地受理: jsycbj 接收异地办件 / chycbj 撤回异地办件
// (region-configs/deyang/schema.graphql, type Mutation).

/** 异地办件 (YcbjInput) */
interface YcbjInput {
  wgbh: string
  sxbm: string
  blfs: string
  /** yyyyMMddHHmmss, Beijing time */
  sqsj: string
  slqh: string
  slck: string
  sqrlx: string
  sqrxm: string
  sfzhm: string
  lxdh?: string | null
  /** null or absent when the matter needs no materials. */
  cl?: Array<{ clmc: string; zzbh?: string | null; zy?: string | null }> | null
}

/** Deyang's records as the shared intake reaches them. */
export function deyangIntakeStore(data: DeyangData): IntakeStore<DyBj> {
  return { toLocal: toBj, insert: (record) => data.bj.insert(record) }
}

function toRequest(bj: YcbjInput): IntakeRequest {
  return {
    gatewayCaseId: bj.wgbh,
    localMatterCode: bj.sxbm,
    mode: fromLocal(BLFS, bj.blfs, 'blfs'),
    submittedAt: requireTime(parseBeijing(bj.sqsj, 'compact'), 'sqsj', bj.sqsj),
    acceptingRegion: bj.slqh,
    acceptingWindow: bj.slck,
    applicant: { kind: fromLocal(SQRLX, bj.sqrlx, 'sqrlx'), name: bj.sqrxm, idNumber: bj.sfzhm, phone: bj.lxdh ?? null },
    materials: (bj.cl ?? []).map((m) => ({ name: m.clmc, licenceId: m.zzbh ?? null, digest: m.zy ?? null })),
  }
}

/** Mutation resolvers over the city's intake ledger. */
export function deyangIntakeResolvers(intake: IntakeLedger<DyBj>) {
  return intakeMutations(intake, {
    receive: { field: 'jsycbj', arg: 'bj', read: toRequest, receipt: (r) => ({ bjbh: r.localId, cf: r.duplicate }) },
    withdraw: { field: 'chycbj', id: 'wgbh', reason: 'yy' },
  })
}

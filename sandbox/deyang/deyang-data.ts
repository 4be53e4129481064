import { createCaseTable, createLicenceTable, type CaseTable, type LicenceTable } from '../record-tables.js'
import { compactDateTime, parseBeijing } from '../seed/beijing-time.js'
import { sandboxSeed } from '../seed/create-seed.js'
import type { CaseFacts, CaseState, HandlingMode, LicenceStatus, PartyKind, SandboxSeed, SeedLicence } from '../seed/seed-types.js'

// 德阳市一体化政务服务平台's records in its own shape (region-configs/deyang/schema.graphql):
// pinyin abbreviations, times as yyyyMMddHHmmss Beijing wall clock, dates as yyyyMMdd, codes as
// strings. The applicant is flat on the 办件 (sqrlx/sqrxm/sfzhm).

export const DEYANG_CODE = '510600'

/** 办件 */
export interface DyBj {
  bjbh: string
  sxbm: string
  sxmc: string | null
  /** 01 待受理 02 已受理 03 不予受理 04 审查中 05 准予许可 06 不予许可 07 已办结出证 08 已送达 */
  zt: string
  /** 1 全程网办 2 异地代收代办 3 多地联办; null for ordinary window handling. */
  blfs: string | null
  sqsj: string
  gxsj: string | null
  slqh: string | null
  /** 1 自然人 2 法人 */
  sqrlx: '1' | '2'
  sqrxm: string
  /** 身份证号码, or the credit code when the applicant is a legal person. */
  sfzhm: string
  lxdh: string | null
  fddbr: string | null
  lzjl: Array<{ zt: string; sj: string; bz: string | null }>
  /** null when the matter needs no materials (the platform leaves the list out). */
  cl: Array<{ clmc: string; zzbh: string | null; zy: string | null }> | null
}

/** 电子证照 */
export interface DyDzzz {
  zzbh: string
  zzlx: string
  zzhm: string
  czrxm: string
  czrzjhm: string
  czrlx: '1' | '2'
  fzjg: string
  fzrq: string
  yxqq: string
  /** yyyyMMdd, or 长期 for licences without an end date. */
  yxqz: string
  /** 1 有效 2 注销/吊销 3 过期 4 暂停 */
  zzzt: string
}

export interface DeyangData {
  bj: CaseTable<DyBj, string>
  dzzz: LicenceTable<DyDzzz>
}

const ZT: Readonly<Record<CaseState, string>> = {
  DELIVERED: '01',
  ACCEPTED: '02',
  REFUSED: '03',
  IN_REVIEW: '04',
  APPROVED: '05',
  DENIED: '06',
  RESULT_ISSUED: '07',
  RESULT_SERVED: '08',
}
export const BLFS: Readonly<Record<HandlingMode, string>> = { FULLY_ONLINE: '1', REMOTE_INTAKE: '2', MULTI_CITY: '3' }
/** 申请人类型 / 持证人类型: 1 自然人 2 法人 */
export const SQRLX: Readonly<Record<PartyKind, '1' | '2'>> = { PERSON: '1', ENTERPRISE: '2' }
const ZZZT: Readonly<Record<LicenceStatus, string>> = { VALID: '1', REVOKED: '2', EXPIRED: '3', SUSPENDED: '4' }

const compactDate = (iso: string): string => iso.replaceAll('-', '')

/** The 办件 as Deyang stores it, for a seeded case or one another city's window took in. */
export function toBj(c: CaseFacts): DyBj {
  return {
    bjbh: c.localId,
    sxbm: c.localMatterCode,
    sxmc: c.matterName,
    zt: ZT[c.state],
    blfs: c.mode && BLFS[c.mode],
    sqsj: compactDateTime(c.receivedAt),
    gxsj: compactDateTime(c.updatedAt),
    slqh: c.acceptingRegion,
    sqrlx: SQRLX[c.applicant.kind],
    sqrxm: c.applicantName,
    sfzhm: c.applicantIdNumber,
    lxdh: c.applicantPhone,
    fddbr: c.applicantLegalRepresentative,
    lzjl: c.history.map((e) => ({ zt: ZT[e.state], sj: compactDateTime(e.at), bz: e.note })),
    cl: c.materials.length === 0 ? null : c.materials.map((m) => ({ clmc: m.name, zzbh: m.licenceId, zy: m.digest })),
  }
}

function toDzzz(l: SeedLicence): DyDzzz {
  return {
    zzbh: l.localId,
    zzlx: l.type,
    zzhm: l.number,
    czrxm: l.holderName,
    czrzjhm: l.holderIdNumber,
    czrlx: SQRLX[l.holder.kind],
    fzjg: l.authority,
    fzrq: compactDate(l.issuedOn),
    yxqq: compactDate(l.validFrom),
    yxqz: l.validUntil === null ? '长期' : compactDate(l.validUntil),
    zzzt: ZZZT[l.status],
  }
}

/** Deyang's local records built from the neutral seed, with their indexes. */
export function createDeyangData(seed: SandboxSeed = sandboxSeed()): DeyangData {
  const city = seed.cities[DEYANG_CODE]!
  return {
    bj: createCaseTable(
      city.cases.map(toBj),
      { no: (b) => b.bjbh, receivedAt: (b) => parseBeijing(b.sqsj, 'compact')!, applicantId: (b) => b.sfzhm, matter: (b) => b.sxbm, state: (b) => b.zt },
    ),
    dzzz: createLicenceTable(city.licences.map(toDzzz), { no: (z) => z.zzbh, holderId: (z) => z.czrzjhm }),
  }
}

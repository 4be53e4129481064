import type { Report, Verdict } from './model.js'
import { STRINGS, type Lang } from './strings.js'

export type Tone = 'pass' | 'fail' | 'warn'

export interface VerdictText {
  tone: Tone
  title: string
  /** The plain-language reason, in the page's language. */
  sentence: string
  facts: [label: string, value: string][]
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * A date or date-time as people write it. Times are shown as given (the API speaks Beijing
 * time, +08:00), never shifted into the browser's zone.
 */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso ?? '')
  if (!m) return iso ?? ''
  const [, y, mo, d, h, mi] = m
  const time = h ? ` ${h}:${mi}` : ''
  return lang === 'zh' ? `${y}年${Number(mo)}月${Number(d)}日${time}` : `${Number(d)} ${MONTHS[Number(mo) - 1]} ${y}${time && `,${time}`}`
}

export const toneOf = (indication: string): Tone => (indication === 'TOTAL_PASSED' ? 'pass' : indication === 'TOTAL_FAILED' ? 'fail' : 'warn')

/** The report the overall answer comes from: a seal's when it says the same, else the first that does. */
function decisiveReport(v: Verdict): Report | undefined {
  const same = v.reports.filter((r) => r.indication === v.indication && (r.subIndication ?? null) === (v.subIndication ?? null))
  return same.find((r) => r.format.startsWith('SES')) ?? same[0] ?? v.reports[0]
}

/**
 * What a verdict means, in words: a title, one sentence (built from the structured answer for
 * Chinese; the gateway's own sentence for English, which names things the structure does not),
 * and the facts that matter — who issued it, where, until when, the seal.
 */
export function verdictText(v: Verdict, lang: Lang, regionName: (code: string) => string): VerdictText {
  const t = STRINGS[lang]
  const tone = toneOf(v.indication)
  const report = decisiveReport(v)
  const cert = v.certificate
  const name = (r: { name: string; nameEn: string } | null | undefined) => (r ? (lang === 'zh' ? r.name : r.nameEn) : '')
  const facts: [string, string][] = []
  const receipt = tone === 'pass' ? v.receipt : undefined

  if (receipt) {
    const at = formatDate(receipt.acceptedAt, lang)
    facts.push(
      [t.receiptCase, receipt.caseId],
      [t.receiptMatter, `${receipt.matter.name} (${receipt.matter.code})`],
      [t.receiptApplicant, `${receipt.applicant.name} ${receipt.applicant.idNumber}`],
      [t.receiptAccepted, `${regionName(receipt.acceptingRegion)} ${receipt.acceptingWindow}`],
      [t.receiptCompetent, regionName(receipt.competentRegion)],
      [t.receiptAt, at],
      [t.receiptMaterials, receipt.materials.map((m) => m.name).join('、') || '—'],
    )
    const sentence = t.reasonReceipt(receipt.caseId, receipt.acceptingWindow, regionName(receipt.acceptingRegion), regionName(receipt.competentRegion), at)
    return { tone, title: t.receiptPass, sentence, facts }
  }

  if (cert) {
    facts.push(
      [t.issuingRegion, name(cert.issuingRegion)],
      [t.issuingAuthority, cert.issuingAuthority],
      [t.licence, `${cert.typeName} ${cert.number}`],
      [t.holder, `${cert.holder.name} ${cert.holder.idNumber}`],
      [t.validity, t.dateRange(formatDate(cert.validFrom, lang), cert.validUntil ? formatDate(cert.validUntil, lang) : t.longTerm)],
      [t.status, t.statusName[cert.status] ?? cert.status],
    )
  } else if (report?.signer && tone === 'pass') {
    // Only a signature that holds speaks for an authority; a failed one names just its key.
    if (report.signer.region) facts.push([t.issuingRegion, name(report.signer.region)])
    if (report.signer.authority) facts.push([t.issuingAuthority, report.signer.authority])
  }
  if (report?.signer) facts.push([t.signer, report.signer.subject])
  const seal = v.reports.find((r) => r.seal)?.seal
  if (seal) facts.push([t.seal, `${seal.name}（${seal.esID}）`], [t.sealValidity, t.dateRange(formatDate(seal.validFrom, lang), formatDate(seal.validTo, lang))])
  if (report?.signingTime) facts.push([t.signingTime, formatDate(report.signingTime, lang)])

  const title = tone === 'pass' ? t.passTitle : tone === 'fail' ? t.failTitle : t.warnTitle
  const sentence = lang === 'en' ? v.reason : chineseReason(v, report, seal)
  return { tone, title, sentence, facts }
}

function chineseReason(v: Verdict, report: Report | undefined, seal: Report['seal']): string {
  const t = STRINGS.zh
  const cert = v.certificate
  // 德阳市市场监督管理局 names its city already; 不动产登记中心 alone would not.
  const by = !cert ? '' : cert.issuingAuthority.startsWith(cert.issuingRegion.name) ? cert.issuingAuthority : `${cert.issuingRegion.name}${cert.issuingAuthority}`
  const date = (iso: string | null | undefined) => formatDate(iso, 'zh')
  switch (v.subIndication ?? null) {
    case null: {
      if (cert) return t.reasonValid(cert.typeName, by, date(cert.issuedOn), cert.validUntil ? date(cert.validUntil) : null)
      const who = report?.signer ? [report.signer.region?.name, report.signer.authority ?? report.signer.subject].filter(Boolean).join(' ') : ''
      return [who && t.reasonSigned(who), seal && t.reasonSealValid(seal.name, date(seal.validTo))].filter(Boolean).join('') || t.passTitle
    }
    case 'REVOKED': {
      if (cert?.status === 'REVOKED') return t.sub.REVOKED_LICENCE(by)
      const at = report?.revocation?.revokedAt
      if (!at) return t.sub.REVOKED
      return report.format.startsWith('SES') ? t.sub.REVOKED_SEAL(date(at)) : t.sub.REVOKED_CERT(date(at))
    }
    case 'EXPIRED': {
      if (cert && (cert.status === 'EXPIRED' || (cert.validUntil !== null && report?.indication === 'TOTAL_PASSED'))) return t.sub.EXPIRED_LICENCE(date(cert.validUntil))
      if (report?.seal && report.format.startsWith('SES')) return t.sub.EXPIRED_SEAL(report.seal.name, date(report.seal.validTo))
      return t.sub.EXPIRED
    }
    case 'TRY_LATER':
      return cert?.status === 'SUSPENDED' ? t.sub.SUSPENDED(by) : t.sub.TRY_LATER
    default: {
      const known = t.sub[v.subIndication as keyof typeof t.sub]
      return typeof known === 'string' ? known : v.reason
    }
  }
}

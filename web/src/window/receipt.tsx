import QRCode from 'qrcode'
import { useEffect, useRef } from 'preact/hooks'
import { jwsPayload, type ReceiptPayload } from '../shared/model.js'
import { useSettings, useStrings } from '../shared/settings.js'
import { formatDate } from '../shared/verdict-text.js'
import type { Receipt } from './queries.js'

/** The address the receipt's QR code opens: /verify checks the receipt from the fragment (never sent to a server log). */
export const receiptUrl = (jws: string) => `${location.origin}/verify#receipt=${jws}`

/** A QR code as SVG shapes (no canvas, no data: URL, nothing the page's CSP forbids); undefined when the text is too long. */
function qrCode(text: string, label: string) {
  let qr: ReturnType<typeof QRCode.create>
  try {
    qr = QRCode.create(text, { errorCorrectionLevel: 'L' })
  } catch {
    return undefined
  }
  const n = qr.modules.size
  let d = ''
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.modules.get(y, x)) d += `M${x + 4} ${y + 4}h1v1h-1z`
  return (
    <svg class="qr" viewBox={`0 0 ${n + 8} ${n + 8}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={n + 8} height={n + 8} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  )
}

const maskId = (id: string) => (id.length < 11 ? id : `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`)

/** The signed receipt (受理回执), printable, with a QR code that opens /verify for it. */
export function ReceiptView(props: { receipt: Receipt; onNext: () => void }) {
  const t = useStrings()
  const { lang } = useSettings()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const { jws, case: c } = props.receipt
  const p = jwsPayload<ReceiptPayload>(jws)
  const city = (r: { name: string; nameEn: string }) => (lang === 'zh' ? r.name : r.nameEn)
  const url = receiptUrl(jws)
  const qr = qrCode(url, t.receiptQr)
  const idNumber = c.applicant.__typename === 'Person' ? c.applicant.idNumber : c.applicant.creditCode
  const rows: [string, string][] = [
    [t.receiptCase, c.id],
    [t.receiptMatter, `${lang === 'zh' ? c.matter.name : c.matter.nameEn} (${c.matter.code})`],
    [t.modeLabel, t.modeName[c.mode] ?? c.mode],
    [t.receiptApplicant, `${c.applicant.name} ${maskId(idNumber)}`],
    [t.receiptAccepted, `${city(c.acceptingRegion)} ${c.acceptingWindow}`],
    [t.receiptCompetent, city(c.competentRegion)],
    [t.receiptAt, formatDate(p?.acceptedAt ?? c.receivedAt, lang)],
  ]
  return (
    <section class="card receipt" aria-labelledby="receipt-title" data-case-id={c.id}>
      <h2 id="receipt-title" ref={heading} tabIndex={-1}>
        {t.receiptTitle}
      </h2>
      {props.receipt.replayed && <p class="notice">{t.receiptReplayed}</p>}
      <div class="receipt-body">
        <dl class="facts">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
          {c.steps.length > 1 && (
            <div>
              <dt>{t.caseSteps}</dt>
              <dd>
                <ol class="steps">
                  {c.steps.map((s) => (
                    <li key={s.order}>{t.stepLine(s.order, s.name, city(s.region))}</li>
                  ))}
                </ol>
              </dd>
            </div>
          )}
          <div>
            <dt>{t.receiptMaterials}</dt>
            <dd>
              <ul class="receipt-materials">
                {c.materials.map((m, i) => (
                  <li key={i}>
                    {m.name} <span class="mono small">SHA-256 {m.digest.slice(0, 16)}…</span>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        </dl>
        <figure class="qr-box">
          {qr ?? <p class="muted">{t.receiptTooLong}</p>}
          <figcaption>{t.receiptQr}</figcaption>
        </figure>
      </div>
      <details class="no-print">
        <summary>{t.receiptJws}</summary>
        <p class="mono jws">{jws}</p>
      </details>
      <div class="actions no-print">
        <button type="button" class="primary" onClick={() => window.print()}>
          {t.print}
        </button>
        <a class="button secondary" href={url} target="_blank" rel="noopener" id="open-receipt">
          {t.openInVerify}
        </a>
        <button type="button" class="secondary" onClick={props.onNext}>
          {t.newApplication}
        </button>
      </div>
    </section>
  )
}

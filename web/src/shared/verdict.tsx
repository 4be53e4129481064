import { useId } from 'preact/hooks'
import type { Report, Verdict } from './model.js'
import { cityName, useRegions } from './regions.js'
import { useSettings, useStrings } from './settings.js'
import { CopyButton } from './ui.js'
import { verdictText } from './verdict-text.js'

const ICON = { pass: '✓', fail: '✗', warn: '!' }

/**
 * One verdict, the same on /verify and for each material on /window: a big green, red or
 * amber banner with the plain reason, the facts that matter, and every check folded away
 * for experts. `compact` folds the facts too (a material in a list).
 */
export function VerdictView(props: { verdict: Verdict; compact?: boolean; level?: 2 | 3 | 4 }) {
  const t = useStrings()
  const { lang } = useSettings()
  const regions = useRegions()
  const id = useId()
  const v = verdictText(props.verdict, lang, (code) => cityName(regions, code, lang))
  const H = `h${props.level ?? 2}` as 'h2'
  const facts = v.facts.length > 0 && (
    <dl class="facts">
      {v.facts.map(([k, value]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
  return (
    <section class={`verdict tone-${v.tone}${props.compact ? ' compact' : ''}`} aria-labelledby={`${id}-title`} data-indication={props.verdict.indication}>
      <div class="verdict-banner">
        <span class="verdict-icon" aria-hidden="true">
          {ICON[v.tone]}
        </span>
        <div>
          <H id={`${id}-title`} class="verdict-title">
            {v.title}
          </H>
          <p class="verdict-reason">{v.sentence}</p>
        </div>
      </div>
      {!props.compact && facts}
      <details class="expert">
        <summary>{t.expert}</summary>
        {props.compact && facts}
        <p>
          <span class="code">{props.verdict.indication}</span>
          {props.verdict.subIndication && <span class="code">{props.verdict.subIndication}</span>}
        </p>
        {lang === 'zh' && (
          <p>
            {t.serverReason}: <span lang="en">{props.verdict.reason}</span>
          </p>
        )}
        {props.verdict.reports.map((r, i) => (
          <ReportDetails key={i} report={r} level={(props.level ?? 2) + 1} />
        ))}
        <CopyButton label={t.copyJson} text={() => JSON.stringify(props.verdict, null, 2)} />
      </details>
    </section>
  )
}

function ReportDetails(props: { report: Report; level: number }) {
  const t = useStrings()
  const r = props.report
  const H = `h${Math.min(props.level, 6)}` as 'h3'
  const format = t.formatName[r.format] ?? r.format
  return (
    <div class="report">
      <H>
        {format}: <span class="code">{r.indication}</span> {r.subIndication && <span class="code">{r.subIndication}</span>}
      </H>
      <p lang="en">{r.reason}</p>
      {r.signer && (
        <p class="mono">
          {[r.signer.subject, r.signer.issuer, r.signer.serialNumber && `#${r.signer.serialNumber}`].filter(Boolean).join(' · ')}
        </p>
      )}
      <table class="checks">
        <caption>{t.checksOf(format)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.check}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.detail}</th>
          </tr>
        </thead>
        <tbody>
          {r.checks.map((c, i) => (
            <tr key={i} class={c.passed ? 'ok' : 'bad'}>
              <td lang="en">{c.name}</td>
              <td>
                <span aria-hidden="true">{c.passed ? '✓ ' : '✗ '}</span>
                {c.passed ? t.passed : t.failed}
              </td>
              <td lang="en" class="mono">
                {c.detail ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.signatures?.map((s, i) => <ReportDetails key={i} report={s} level={props.level + 1} />)}
    </div>
  )
}

import { useEffect, useState } from 'preact/hooks'
import { gql } from '../shared/api.js'
import type { GqlError } from '../shared/error-text.js'
import { placeName, placeOf, type Region } from '../shared/regions.js'
import { useSettings, useStrings } from '../shared/settings.js'
import { useExplain } from '../shared/use-explain.js'
import { FieldLink } from './error-summary.js'
import { COMPETENT_REGION, type CompetenceDecision, type Matter } from './queries.js'

type Answer = { decision: CompetenceDecision } | { error: GqlError }

/**
 * Which city is competent, asked again as the clerk types (debounced), so the answer — or the
 * facts still missing — is on screen before anything is submitted. Asked with the clerk's
 * token: a window's requests count against its own rate limit, not its office's address.
 */
export function CompetencePreview(props: { matter: Matter | undefined; facts: Record<string, string>; acceptingRegion: string; regions: Region[]; token: string }) {
  const t = useStrings()
  const { lang } = useSettings()
  const [answer, setAnswer] = useState<Answer>()
  const [pending, setPending] = useState(false)
  const explain = useExplain()
  const key = JSON.stringify([props.matter?.code, props.facts])

  useEffect(() => {
    if (!props.matter) return setAnswer(undefined)
    const controller = new AbortController()
    setPending(true)
    const timer = setTimeout(() => {
      const facts = { ...props.facts, acceptingRegion: props.acceptingRegion }
      gql<{ competentRegion: CompetenceDecision }>(COMPETENT_REGION, { matterCode: props.matter!.code, facts }, { token: props.token, signal: controller.signal }).then(
        (r) => {
          setAnswer(r.data?.competentRegion ? { decision: r.data.competentRegion } : { error: r.errors[0] ?? { message: '?' } })
          setPending(false)
        },
        () => undefined,
      )
    }, 300)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [key])

  const city = (r: { name: string; nameEn: string }) => (lang === 'zh' ? r.name : r.nameEn)
  let body
  if (!props.matter) body = <p class="muted">{t.chooseMatterFirst}</p>
  else if (!answer) body = <p class="busy">{t.competentPending}</p>
  else if ('decision' in answer) {
    const d = answer.decision
    const used = d.factsUsed[0]
    const place = used && placeOf(props.regions, used.value)
    const where = place ? placeName(place, lang) + (place.former ? ` — ${t.formerCode(place.former.code, place.district!.name, place.district!.code)}` : '') : (used?.value ?? '')
    body = (
      <div class="decision" data-region={d.region.code}>
        <p class="big">
          <strong>{t.competentIs(city(d.region))}</strong>
        </p>
        <p>
          {d.rule === 'ANY_OFFICE' || !used
            ? t.anyOffice(city(d.region))
            : t.competentWhy(t.basisName[d.rule] ?? d.rule, used.value, where, city(d.region))}
        </p>
        {d.steps.length > 1 && (
          <>
            <p>{t.stepsTitle}:</p>
            <ol class="steps">
              {d.steps.map((s) => (
                <li key={s.order}>{t.stepLine(s.order, s.name, city(s.region))}</li>
              ))}
            </ol>
          </>
        )}
      </div>
    )
  } else {
    const e = answer.error
    const missing = e.extensions?.code === 'COMPETENCE_UNDETERMINED' && Array.isArray(e.extensions.missing) ? (e.extensions.missing as string[]) : undefined
    const explained = explain(e)
    body = missing ? (
      <div class="missing">
        <p>{t.missingFacts}</p>
        <ul>
          {missing.map((f) => (
            <li key={f}>
              <FieldLink field={`facts.${f}`} text={t.factName[f] ?? f} />
            </li>
          ))}
        </ul>
      </div>
    ) : (
      <p class="error-text">{explained.text}</p>
    )
  }
  const tone = answer && 'decision' in answer ? 'decided' : answer && 'error' in answer ? 'undecided' : 'idle'
  return (
    <div class={`competence ${tone}`} aria-live="polite" aria-busy={pending}>
      {body}
    </div>
  )
}

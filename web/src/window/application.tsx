import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { getJson, gql } from '../shared/api.js'
import type { ExplainedError, GqlError } from '../shared/error-text.js'
import { FACT_FOR_BASIS } from '../shared/model.js'
import { placeName, placeOf, useRegions } from '../shared/regions.js'
import { useSettings, useStrings } from '../shared/settings.js'
import { Choices, Field, SubmitButton } from '../shared/ui.js'
import { domId, ErrorSummary, focusField } from './error-summary.js'
import { useExplain } from '../shared/use-explain.js'
import { CompetencePreview } from './competence.js'
import { MatterPicker } from './matter-picker.js'
import { materialInput, Materials, type MaterialEntry } from './materials.js'
import { SUBMIT, type Matter, type Receipt } from './queries.js'
import type { Session } from './session.js'

interface DemoApplicant {
  kind: 'PERSON' | 'ENTERPRISE'
  name: string
  idNumber: string
  facts: Record<string, string>
}

/** One application's idempotency key: the same for every retry of it, new for the next one. */
function newKey(window: string): string {
  const random = [...crypto.getRandomValues(new Uint8Array(6))].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${window}-${Date.now().toString(36)}-${random}`
}

/**
 * The application: matter, applicant, the competent city (decided live), materials (checked
 * as added), then the submission. Refusals come back in words, at the field they concern.
 */
export function ApplicationForm(props: { session: Session; onSubmitted: (r: Receipt) => void; onAuthError: (e: GqlError) => void }) {
  const t = useStrings()
  const { lang } = useSettings()
  const regions = useRegions()
  const explain = useExplain()
  const [matter, setMatter] = useState<Matter>()
  const [mode, setMode] = useState('')
  const [kind, setKind] = useState('')
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [phone, setPhone] = useState('')
  const [facts, setFacts] = useState<Record<string, string>>({})
  const [materials, setMaterials] = useState<MaterialEntry[]>([])
  const [key] = useState(() => newKey(props.session.window))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [summary, setSummary] = useState<ExplainedError[]>([])
  const [busy, setBusy] = useState(false)
  const [samples, setSamples] = useState<DemoApplicant[]>([])

  useEffect(() => void getJson<{ applicants: DemoApplicant[] }>('/sandbox/demo').then((d) => setSamples(d?.applicants ?? [])), [])

  const pickMatter = (m: Matter | undefined) => {
    setMatter(m)
    setErrors({})
    if (!m) return
    // 多地联办 matters run as steps in several cities; others are taken in for the competent city.
    const preferred = m.steps.length > 1 ? ['MULTI_CITY', 'REMOTE_INTAKE'] : ['REMOTE_INTAKE', 'MULTI_CITY']
    setMode(preferred.find((x) => m.handlingModes.includes(x)) ?? m.handlingModes[0] ?? '')
    if (!m.applicantKinds.includes(kind)) setKind(m.applicantKinds[0] ?? '')
  }

  // The facts this matter's competence (and each 多地联办 step's) depends on.
  const needed = matter ? [...new Set([matter.competenceBasis, ...matter.steps.map((s) => s.competenceBasis)].map((b) => FACT_FOR_BASIS[b]).filter((f): f is string => !!f))] : []
  const givenFacts = Object.fromEntries(needed.filter((f) => facts[f]?.trim()).map((f) => [f, facts[f]!.trim()]))

  const fill = (a: DemoApplicant) => {
    setKind(a.kind)
    setName(a.name)
    setIdNumber(a.idNumber)
    setFacts(a.facts)
    setErrors({})
  }

  const submit = async (e: Event) => {
    e.preventDefault()
    const local: Record<string, string> = {}
    if (!matter) local.matter = t.err.matterNeeded
    if (!name.trim()) local.name = t.err.nameNeeded
    if (!idNumber.trim()) local.idNumber = t.err.idNeeded
    if (Object.keys(local).length) {
      setErrors(local)
      setSummary(Object.entries(local).map(([field, text]) => ({ text, field, items: [] })))
      return focusField(Object.keys(local)[0]!)
    }
    setBusy(true)
    const input = {
      idempotencyKey: key,
      matterCode: matter!.code,
      mode,
      applicant: { kind, name: name.trim(), idNumber: idNumber.trim().toUpperCase(), ...(phone.trim() && { phone: phone.trim() }), facts: givenFacts },
      materials: materials.map(materialInput),
    }
    const r = await gql<{ submitRemoteApplication: Receipt }>(SUBMIT, { input }, { token: props.session.token })
    setBusy(false)
    if (r.data?.submitRemoteApplication) {
      setErrors({})
      setSummary([])
      return props.onSubmitted(r.data.submitRemoteApplication)
    }
    const code = r.errors[0]?.extensions?.code
    if (code === 'UNAUTHENTICATED') return props.onAuthError(r.errors[0]!)
    const explained = r.errors.map(explain)
    const byField: Record<string, string> = {}
    for (const x of explained) {
      if (x.field) byField[x.field] = x.items.length ? '' : x.text
      for (const item of x.items) if (item.field) byField[item.field] = item.text
    }
    setErrors(byField)
    setSummary(explained)
    setTimeout(() => document.getElementById('error-summary')?.focus())
  }

  const idLabel = kind === 'ENTERPRISE' ? t.creditCode : t.residentId
  const datalist = (
    <datalist id="districts">
      {regions.flatMap((r) => [
        <option key={r.code} value={r.code}>
          {lang === 'zh' ? r.name : r.nameEn}
        </option>,
        ...r.districts.map((d) => (
          <option key={d.code} value={d.code}>
            {lang === 'zh' ? `${d.name}（${r.name}）` : `${d.name}, ${r.nameEn}`}
          </option>
        )),
      ])}
    </datalist>
  )

  return (
    <form class="application" onSubmit={submit} noValidate>
      <ErrorSummary errors={summary} />

      <Step id="step-matter" title={t.step1}>
        <MatterPicker matter={matter} onPick={pickMatter} token={props.session.token} error={errors.matter} />
        {matter && matter.handlingModes.length > 0 && (
          <Choices inline id={domId('mode')} legend={t.modeLabel} error={errors.mode} name="mode" value={mode} onChange={setMode} options={matter.handlingModes.map((m) => ({ value: m, label: t.modeName[m] ?? m }))} />
        )}
      </Step>

      <Step id="step-applicant" title={t.step2}>
        {samples.filter((a) => !matter || matter.applicantKinds.includes(a.kind)).length > 0 && (
          <div class="samples inline">
            <span class="muted">{t.sampleApplicant}:</span>
            {samples
              .filter((a) => !matter || matter.applicantKinds.includes(a.kind))
              .map((a) => (
                <button key={a.idNumber} type="button" class="link" onClick={() => fill(a)}>
                  {a.name}
                </button>
              ))}
          </div>
        )}
        <Choices
          inline
          id={domId('kind')}
          legend={t.kindLabel}
          error={errors.kind}
          name="kind"
          value={kind}
          onChange={setKind}
          options={(matter?.applicantKinds ?? ['PERSON', 'ENTERPRISE']).map((k) => ({ value: k, label: t.kindName[k] ?? k }))}
        />
        <Field id={domId('name')} label={kind === 'ENTERPRISE' ? t.enterpriseName : t.personName} error={errors.name}>
          {(aria) => <input {...aria} type="text" class="wide" autocomplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field id={domId('idNumber')} label={idLabel} hint={t.idHint} error={errors.idNumber}>
          {(aria) => (
            <input {...aria} type="text" class="id-input" autocomplete="off" spellcheck={false} maxLength={18} value={idNumber} onInput={(e) => setIdNumber(e.currentTarget.value)} />
          )}
        </Field>
        <Field id={domId('phone')} label={t.phone} optional error={errors.phone}>
          {(aria) => <input {...aria} type="tel" autocomplete="off" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />}
        </Field>
        {needed.length > 0 && (
          <fieldset class="facts-fields">
            <legend>{t.factsLegend}</legend>
            {needed.includes('householdRegistration') && <p class="hint">{t.idNotProof}</p>}
            {datalist}
            {needed.map((f) => {
              const place = facts[f] ? placeOf(regions, facts[f]!.trim()) : undefined
              return (
                <Field key={f} id={domId(`facts.${f}`)} label={t.factName[f] ?? f} hint={t.factHint} error={errors[`facts.${f}`]}>
                  {(aria) => (
                    <div class="with-note">
                      <input
                        {...aria}
                        type="text"
                        inputMode="numeric"
                        class="code-input"
                        list="districts"
                        autocomplete="off"
                        maxLength={6}
                        value={facts[f] ?? ''}
                        onInput={(e) => setFacts({ ...facts, [f]: e.currentTarget.value })}
                      />
                      {place && <span class="place-note">= {placeName(place, lang)}</span>}
                    </div>
                  )}
                </Field>
              )
            })}
          </fieldset>
        )}
      </Step>

      <Step id="step-competence" title={t.step3}>
        <CompetencePreview matter={matter} facts={givenFacts} acceptingRegion={props.session.region} regions={regions} token={props.session.token} />
      </Step>

      <Step id="step-materials" title={t.step4}>
        <Materials matter={matter} entries={materials} onChange={setMaterials} token={props.session.token} holderId={idNumber} errors={errors} />
      </Step>

      <Step id="step-submit" title={t.step5}>
        <SubmitButton big busy={busy} label={t.submit} busyLabel={t.submitting} />
      </Step>
    </form>
  )
}

/** One numbered step of the application. */
function Step(props: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  )
}

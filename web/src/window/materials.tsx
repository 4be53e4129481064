import { useRef, useState } from 'preact/hooks'
import { gql } from '../shared/api.js'
import { check, type CheckOutcome } from '../shared/check.js'
import { CERTIFICATE_ID } from '../shared/model.js'
import { sha256Hex } from '../shared/sha256.js'
import { useSettings, useStrings } from '../shared/settings.js'
import { useExplain } from '../shared/use-explain.js'
import { Choices, Field } from '../shared/ui.js'
import { VerdictView } from '../shared/verdict.js'
import { HOLDER_LICENCES, type HolderLicence, type Matter } from './queries.js'

export type Source = 'certificate' | 'jws' | 'file'

export interface MaterialEntry {
  key: number
  name: string
  source: Source
  /** A licence id, a JWS, or a file's SHA-256 (hex). */
  value: string
  fileName?: string
  check?: CheckOutcome | 'checking'
}

/** The API's MaterialInput for an entry. */
export function materialInput(m: MaterialEntry): Record<string, string> {
  const field = { certificate: 'certificateId', jws: 'jws', file: 'fileSha256' }[m.source]
  return { name: m.name, [field]: m.value }
}

let nextKey = 1

/**
 * Materials: what the matter requires, the applicant's own licences, and anything else by
 * licence number, pasted signature or file. Every licence is checked the moment it is added,
 * with the same verdict the certificate check page shows.
 */
export function Materials(props: {
  matter: Matter | undefined
  entries: MaterialEntry[]
  onChange: (update: (old: MaterialEntry[]) => MaterialEntry[]) => void
  token: string
  holderId: string
  errors: Record<string, string>
}) {
  const t = useStrings()
  const { lang } = useSettings()
  const [name, setName] = useState('')
  const [source, setSource] = useState<Source>('certificate')
  const [value, setValue] = useState('')
  const [file, setFile] = useState<File>()
  const [problem, setProblem] = useState<{ field: 'name' | 'value'; text: string }>()
  const [licences, setLicences] = useState<HolderLicence[]>()
  const [lookupError, setLookupError] = useState<string>()
  const nameInput = useRef<HTMLInputElement>(null)
  const explain = useExplain()

  const add = async (entry: Omit<MaterialEntry, 'key' | 'check'>) => {
    const key = nextKey++
    const needsCheck = entry.source !== 'file'
    props.onChange((old) => [...old, { ...entry, key, ...(needsCheck && { check: 'checking' as const }) }])
    if (!needsCheck) return
    const outcome = await check(entry.source === 'certificate' ? { certificateId: entry.value } : { jws: entry.value }, { token: props.token, receipts: false })
    props.onChange((old) => old.map((m) => (m.key === key ? { ...m, check: outcome } : m)))
  }

  const submitAdd = async () => {
    const n = name.trim()
    if (!n) return setProblem({ field: 'name', text: t.err.materialNameNeeded })
    let v = value.trim()
    if (source === 'file') {
      if (!file) return setProblem({ field: 'value', text: t.err.materialFileNeeded })
      v = await sha256Hex(new Uint8Array(await file.arrayBuffer()))
    } else if (!v) return setProblem({ field: 'value', text: t.err.materialValueNeeded })
    else if (source === 'certificate' && !CERTIFICATE_ID.test(v)) return setProblem({ field: 'value', text: t.badNumber })
    setProblem(undefined)
    void add({ name: n, source, value: v, ...(file && source === 'file' && { fileName: file.name }) })
    setName('')
    setValue('')
    setFile(undefined)
  }

  const lookup = async () => {
    setLookupError(undefined)
    const r = await gql<{ certificates: (HolderLicence | null)[] }>(HOLDER_LICENCES, { holderId: props.holderId.trim() }, { token: props.token })
    if (r.data?.certificates) setLicences(r.data.certificates.filter((c): c is HolderLicence => c !== null && c.status === 'VALID'))
    else setLookupError(explain(r.errors[0] ?? { message: '' }).text)
  }

  // These controls sit inside the application's form: Enter adds the material, it does not submit.
  const enterAdds = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    void submitAdd()
  }
  const required = props.matter?.materials ?? []
  return (
    <div class="materials">
      <p class="muted">{t.materialsIntro}</p>
      {required.length > 0 && (
        <div>
          <h3>{t.requiredMaterials}</h3>
          <ul class="requirements">
            {required.map((r) => (
              <li key={r.name}>
                <button
                  type="button"
                  class="link"
                  onClick={() => {
                    setName(r.name)
                    setSource(r.certificateType ? 'certificate' : 'file')
                    nameInput.current?.focus()
                  }}
                >
                  {r.name}
                </button>
                {r.certificateType && <span class="muted small"> · {r.certificateType}</span>}
                {!r.required && <span class="muted small">{t.optional}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}

      {props.holderId.trim().length >= 15 && (
        <div class="holder-licences">
          <button type="button" class="secondary" onClick={lookup}>
            {t.holderLicences}
          </button>
          {lookupError && <p class="error-text">{lookupError}</p>}
          {licences && licences.length === 0 && <p class="muted">{t.holderLicencesNone}</p>}
          {licences && licences.length > 0 && (
            <ul>
              {licences.map((l) => (
                <li key={l.id}>
                  {l.typeName} <span class="mono">{l.id}</span> · {lang === 'zh' ? l.issuingRegion.name : l.issuingRegion.nameEn}{' '}
                  <button type="button" class="link" disabled={props.entries.some((m) => m.value === l.id)} onClick={() => void add({ name: l.typeName, source: 'certificate', value: l.id })}>
                    {t.useAsMaterial}
                    <span class="visually-hidden"> {l.typeName}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <h3>{t.addMaterial}</h3>
      <div class="add-material">
        <Field id="material-name" label={t.materialName} error={problem?.field === 'name' ? problem.text : undefined}>
          {(aria) => <input {...aria} ref={nameInput} type="text" list="material-names" value={name} onKeyDown={enterAdds} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <datalist id="material-names">
          {required.map((r) => (
            <option key={r.name} value={r.name} />
          ))}
        </datalist>
        <Choices
          inline
          legend={t.materialSource}
          name="material-source"
          value={source}
          onChange={setSource}
          options={[
            { value: 'certificate', label: t.srcCertificate },
            { value: 'jws', label: t.srcJws },
            { value: 'file', label: t.srcFile },
          ]}
        />
        {source === 'file' ? (
          <Field id="material-file" label={t.materialFile} error={problem?.field === 'value' ? problem.text : undefined}>
            {(aria) => <input {...aria} type="file" onChange={(e) => setFile(e.currentTarget.files?.[0])} />}
          </Field>
        ) : (
          <Field id="material-value" label={source === 'certificate' ? t.srcCertificate : t.srcJws} hint={source === 'certificate' ? t.numberHint : undefined} error={problem?.field === 'value' ? problem.text : undefined}>
            {(aria) =>
              source === 'certificate' ? (
                <input {...aria} type="text" class="wide" autocomplete="off" spellcheck={false} value={value} onKeyDown={enterAdds} onInput={(e) => setValue(e.currentTarget.value)} />
              ) : (
                <textarea {...aria} rows={3} spellcheck={false} value={value} onInput={(e) => setValue(e.currentTarget.value)} />
              )
            }
          </Field>
        )}
        <button type="button" class="secondary" onClick={() => void submitAdd()}>
          {t.addAndCheck}
        </button>
      </div>

      <ul class="material-list" aria-live="polite">
        {props.entries.length === 0 && <li class="muted">{t.noMaterials}</li>}
        {props.entries.map((m, i) => {
          const error = props.errors[`materials[${i}]`]
          const outcome = m.check === 'checking' ? undefined : m.check
          const notPassed = outcome?.verdict && outcome.verdict.indication !== 'TOTAL_PASSED'
          return (
            <li key={m.key} id={`field-materials-${i}`} tabIndex={-1} class={error || notPassed || outcome?.error ? 'has-error' : ''} data-material={m.name}>
              <div class="material-head">
                <strong>{m.name}</strong>
                <span class="mono small">{m.source === 'file' ? (m.fileName ?? '') : m.value.length > 60 ? `${m.value.slice(0, 57)}…` : m.value}</span>
                <button type="button" class="link" onClick={() => props.onChange((old) => old.filter((x) => x.key !== m.key))}>
                  {t.remove}
                  <span class="visually-hidden"> {m.name}</span>
                </button>
              </div>
              {error && <p class="error-text">{error}</p>}
              {m.source === 'file' && <p class="mono small digest">{t.fileDigest(m.value)}</p>}
              {m.check === 'checking' && <p class="busy">{t.checking}</p>}
              {outcome?.verdict && <VerdictView verdict={outcome.verdict} compact level={4} />}
              {notPassed && <p class="error-text">{t.materialNotPassed}</p>}
              {outcome?.error && <p class="error-text">{explain(outcome.error).text}</p>}
            </li>
          )
        })}
      </ul>
    </div>
  )
}

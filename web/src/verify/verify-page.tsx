import { useEffect, useState } from 'preact/hooks'
import { getJson } from '../shared/api.js'
import { check, type CheckOutcome } from '../shared/check.js'
import { filesInput, guessRole, type ChosenFile, type FileRole } from '../shared/files.js'
import { CERTIFICATE_ID, type VerifyInput } from '../shared/model.js'
import { cityName, useRegions } from '../shared/regions.js'
import { useSettings, useStrings } from '../shared/settings.js'
import { Choices, Field, SubmitButton } from '../shared/ui.js'
import { useExplain } from '../shared/use-explain.js'
import { VerdictView } from '../shared/verdict.js'

type Method = 'number' | 'paste' | 'file'

interface DemoLicence {
  id: string
  expect: 'VALID' | 'REVOKED' | 'EXPIRED' | 'SUSPENDED' | 'KEY_REVOKED'
  typeName: string
  region: string
}

const ROLES: FileRole[] = ['data', 'cms', 'seal', 'ofd', 'jws']

/** What the address asks to check: `#receipt=…` (a receipt's QR code), `#jws=…`, `#id=…`. */
function fromHash(): { method: Method; value: string } | undefined {
  const params = new URLSearchParams(location.hash.slice(1))
  const jws = params.get('receipt') ?? params.get('jws')
  if (jws) return { method: 'paste', value: jws }
  const id = params.get('id')
  return id ? { method: 'number', value: id } : undefined
}

export function VerifyPage() {
  const t = useStrings()
  const { lang } = useSettings()
  const regions = useRegions()
  const [method, setMethod] = useState<Method>('number')
  const [number, setNumber] = useState('')
  const [pasted, setPasted] = useState('')
  const [files, setFiles] = useState<ChosenFile[]>([])
  const [problem, setProblem] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<CheckOutcome>()
  const [samples, setSamples] = useState<DemoLicence[]>([])
  const [dragging, setDragging] = useState(false)
  const explain = useExplain()

  const run = async (input: VerifyInput) => {
    setProblem(undefined)
    setBusy(true)
    setOutcome(undefined)
    try {
      setOutcome(await check(input))
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    void getJson<{ licences: DemoLicence[] }>('/sandbox/demo').then((d) => setSamples(d?.licences ?? []))
    const asked = fromHash()
    if (!asked) return
    setMethod(asked.method)
    if (asked.method === 'paste') setPasted(asked.value)
    else setNumber(asked.value)
    void run(asked.method === 'paste' ? { jws: asked.value } : { certificateId: asked.value })
  }, [])

  const submit = (e: Event) => {
    e.preventDefault()
    if (method === 'number') {
      const id = number.trim()
      if (!id) return setProblem(t.needNumber)
      if (!CERTIFICATE_ID.test(id)) return setProblem(t.badNumber)
      return void run({ certificateId: id })
    }
    if (method === 'paste') {
      if (!pasted.trim()) return setProblem(t.needPaste)
      return void run({ jws: pasted.trim() })
    }
    const built = filesInput(files)
    if ('problem' in built) return setProblem(t[built.problem])
    void run(built.input)
  }

  const addFiles = async (list: FileList | null) => {
    if (!list) return
    const added = await Promise.all(
      [...list].map(async (f) => {
        const bytes = new Uint8Array(await f.arrayBuffer())
        return { name: f.name, bytes, role: guessRole(f.name, bytes) }
      }),
    )
    setFiles((old) => [...old, ...added])
    setProblem(undefined)
  }

  const checkSample = (id: string) => {
    setMethod('number')
    setNumber(id)
    document.getElementById('result')?.scrollIntoView({ block: 'start' })
    void run({ certificateId: id })
  }

  const sampleLabel = (s: DemoLicence) => {
    const city = cityName(regions, s.region, lang)
    if (s.expect === 'VALID') return t.sampleValid(city, s.typeName)
    if (s.expect === 'KEY_REVOKED') return t.sampleKeyRevoked(city, s.typeName)
    return { REVOKED: t.sampleRevoked, EXPIRED: t.sampleExpired, SUSPENDED: t.sampleSuspended }[s.expect](`${city} ${s.typeName}`)
  }

  const errorText = outcome?.error ? explain(outcome.error).text : undefined

  return (
    <div class="page narrow">
      <h1>{t.verifyTitle}</h1>
      <p class="lead">{t.verifyIntro}</p>
      <form class="card" onSubmit={submit} noValidate>
        <Choices
          legend={t.verifyHow}
          name="method"
          value={method}
          onChange={(m) => {
            setMethod(m)
            setProblem(undefined)
          }}
          options={[
            { value: 'number', label: t.byNumber },
            { value: 'paste', label: t.byPaste },
            { value: 'file', label: t.byFile },
          ]}
        />

        {method === 'number' && (
          <Field id="certificate-number" label={t.numberLabel} hint={t.numberHint} error={problem}>
            {(aria) => (
              <input {...aria} class="wide" type="text" autocomplete="off" spellcheck={false} value={number} onInput={(e) => setNumber(e.currentTarget.value)} />
            )}
          </Field>
        )}
        {method === 'paste' && (
          <Field id="signature" label={t.pasteLabel} hint={t.pasteHint} error={problem}>
            {(aria) => <textarea {...aria} rows={6} spellcheck={false} value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} />}
          </Field>
        )}
        {method === 'file' && (
          <div
            class={`dropzone${dragging ? ' dragging' : ''}`}
            onDragOver={(e) => {
              e.preventDefault()
              setDragging(true)
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault()
              setDragging(false)
              void addFiles(e.dataTransfer?.files ?? null)
            }}
          >
            <Field id="files" label={t.filesLabel} hint={t.filesHint} error={problem}>
              {(aria) => (
                <input
                  {...aria}
                  type="file"
                  multiple
                  onChange={(e) => {
                    void addFiles(e.currentTarget.files)
                    e.currentTarget.value = ''
                  }}
                />
              )}
            </Field>
            <p class="drop-hint" aria-hidden="true">
              {t.dropHere}
            </p>
            {files.length > 0 && (
              <ul class="file-list">
                {files.map((f, i) => (
                  <li key={`${f.name}-${i}`}>
                    <span class="file-name">{f.name}</span>
                    <label class="inline">
                      <span class="visually-hidden">
                        {f.name} — {t.fileRole}
                      </span>
                      <select value={f.role} onChange={(e) => setFiles(files.map((x, j) => (j === i ? { ...x, role: e.currentTarget.value as FileRole } : x)))}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t[`role${r[0]!.toUpperCase()}${r.slice(1)}` as 'roleData']}
                          </option>
                        ))}
                      </select>
                    </label>
                    <button type="button" class="link" onClick={() => setFiles(files.filter((_, j) => j !== i))}>
                      {t.remove}
                      <span class="visually-hidden"> {f.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <SubmitButton busy={busy} label={t.checkButton} />
      </form>

      <div class="result" id="result" aria-live="polite" aria-busy={busy}>
        {busy && <p class="busy">{t.loading}</p>}
        {outcome?.verdict && <VerdictView verdict={outcome.verdict} level={2} />}
        {errorText && (
          <div class="alert" role="alert">
            {errorText}
          </div>
        )}
      </div>
      {samples.length > 0 && (
        <section class="samples" aria-labelledby="samples-title">
          <h2 id="samples-title">{t.samples}</h2>
          <ul>
            {samples.map((s) => (
              <li key={s.id}>
                <button type="button" class="link" onClick={() => checkSample(s.id)}>
                  {sampleLabel(s)}
                  <span class="mono small sample-id">{s.id}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}

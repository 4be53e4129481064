import { useEffect, useState } from 'preact/hooks'
import { getJson } from '../shared/api.js'
import { useSettings, useStrings } from '../shared/settings.js'
import { Choices, Field, SubmitButton } from '../shared/ui.js'
import { expired, saveSession, sessionOf, type Session } from './session.js'

export interface DemoWindow {
  window: string
  region: string
  label: string
  labelEn: string
}

/**
 * Signing in: in sandbox mode a pick-list of demo windows (the gateway signs their tokens);
 * always, pasting the token the clerk's own city issued. Real deployments have only the latter.
 */
export function SignIn(props: { onSignedIn: (s: Session) => void; notice?: string | undefined }) {
  const t = useStrings()
  const { lang } = useSettings()
  const [windows, setWindows] = useState<DemoWindow[] | null>(null)
  const [chosen, setChosen] = useState('')
  const [token, setToken] = useState('')
  const [error, setError] = useState<{ field: 'demo' | 'token'; text: string }>()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void getJson<{ windows: DemoWindow[] }>('/sandbox/demo').then((d) => {
      setWindows(d?.windows ?? [])
      if (d?.windows[0]) setChosen(d.windows[0].window)
    })
  }, [])

  const open = (raw: string, field: 'demo' | 'token') => {
    const s = sessionOf(raw)
    if (!s) return setError({ field, text: t.badToken })
    if (expired(s)) return setError({ field, text: t.tokenExpired })
    saveSession(s)
    props.onSignedIn(s)
  }

  const signInDemo = async (e: Event) => {
    e.preventDefault()
    if (!chosen) return setError({ field: 'demo', text: t.chooseWindow })
    setBusy(true)
    const r = await getJson<{ token: string }>('/sandbox/demo-token', { window: chosen })
    setBusy(false)
    if (!r) return setError({ field: 'demo', text: t.err.NETWORK })
    open(r.token, 'demo')
  }

  const pasteForm = (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        open(token, 'token')
      }}
      noValidate
    >
      <Field id="window-token" label={t.tokenLabel} hint={t.tokenHint} error={error?.field === 'token' ? error.text : undefined}>
        {(aria) => <textarea {...aria} rows={4} spellcheck={false} autocomplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} />}
      </Field>
      <SubmitButton busy={false} label={t.signIn} />
    </form>
  )

  return (
    <div class="page narrow">
      <h1>{t.windowTitle}</h1>
      <p class="lead">{t.windowIntro}</p>
      <section class="card" aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">{t.signInTitle}</h2>
        {props.notice && (
          <p class="alert" role="alert">
            {props.notice}
          </p>
        )}
        {windows === null && <p class="busy">{t.loading}</p>}
        {windows && windows.length > 0 && (
          <form onSubmit={signInDemo} noValidate>
            <Choices
              legend={t.demoWindows}
              hint={t.demoWindowsHint}
              error={error?.field === 'demo' ? error.text : undefined}
              name="demo-window"
              value={chosen}
              onChange={setChosen}
              options={windows.map((w) => ({ value: w.window, label: lang === 'zh' ? w.label : w.labelEn }))}
            />
            <SubmitButton busy={busy} label={t.signInDemo} />
          </form>
        )}
        {windows && windows.length > 0 ? (
          <details class="own-token">
            <summary>{t.ownToken}</summary>
            {pasteForm}
          </details>
        ) : (
          windows && pasteForm
        )}
      </section>
    </div>
  )
}

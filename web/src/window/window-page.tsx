import { useState } from 'preact/hooks'
import type { GqlError } from '../shared/error-text.js'
import { cityName, useRegions } from '../shared/regions.js'
import { useSettings, useStrings } from '../shared/settings.js'
import { useExplain } from '../shared/use-explain.js'
import { ApplicationForm } from './application.js'
import { CaseList } from './case-list.js'
import type { Receipt, RemoteCase } from './queries.js'
import { ReceiptView } from './receipt.js'
import { clearSession, readSession, type Session } from './session.js'
import { SignIn } from './sign-in.js'

/** /window: sign in, then take applications in and follow this window's cases. */
export function WindowPage() {
  const t = useStrings()
  const { lang } = useSettings()
  const regions = useRegions()
  const explain = useExplain()
  const [session, setSession] = useState(readSession)
  const [notice, setNotice] = useState<string>()
  const [receipt, setReceipt] = useState<Receipt>()
  const [added, setAdded] = useState<RemoteCase>()
  const [form, setForm] = useState(0)

  const signOut = (why?: string) => {
    clearSession()
    setSession(undefined)
    setReceipt(undefined)
    setNotice(why)
  }
  const onAuthError = (e: GqlError) => {
    if (e.extensions?.code === 'UNAUTHENTICATED') signOut(explain(e).text)
  }

  if (!session) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(s: Session) => {
          setNotice(undefined)
          setSession(s)
        }}
      />
    )
  }
  return (
    <div class="page">
      <div class="session-bar">
        <h1>{t.windowTitle}</h1>
        <p>
          <span class="who">{t.signedInAs(session.window, cityName(regions, session.region, lang))}</span>
          <button type="button" class="link" onClick={() => signOut()}>
            {t.signOut}
          </button>
        </p>
      </div>
      <div class="console">
        <div class="console-main">
          {receipt ? (
            <ReceiptView
              receipt={receipt}
              onNext={() => {
                setReceipt(undefined)
                setForm((n) => n + 1)
              }}
            />
          ) : (
            <ApplicationForm
              key={form}
              session={session}
              onAuthError={onAuthError}
              onSubmitted={(r) => {
                setReceipt(r)
                setAdded(r.case)
              }}
            />
          )}
        </div>
        <aside class="console-side no-print">
          <CaseList token={session.token} added={added} onAuthError={onAuthError} />
        </aside>
      </div>
    </div>
  )
}

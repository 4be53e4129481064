import { useEffect, useRef, useState } from 'preact/hooks'
import { gql, subscribe } from '../shared/api.js'
import type { GqlError } from '../shared/error-text.js'
import { useSettings, useStrings } from '../shared/settings.js'
import { formatDate } from '../shared/verdict-text.js'
import { CASE_UPDATED, FINAL_STATES, REMOTE_CASES, type RemoteCase } from './queries.js'

/**
 * Browsers open at most six HTTP/1.1 connections to one origin, and each caseUpdated
 * subscription holds one: the newest open cases stream live, the rest are refreshed by a
 * slow poll, leaving connections free for the form.
 */
const LIVE_LIMIT = 3
const POLL_MS = 60_000

/** The window's cases, newest first, with their status streaming in (caseUpdated over SSE). */
export function CaseList(props: { token: string; added: RemoteCase | undefined; onAuthError: (e: GqlError) => void }) {
  const t = useStrings()
  const { lang } = useSettings()
  const [cases, setCases] = useState<RemoteCase[]>()
  const [live, setLive] = useState<ReadonlySet<string>>(new Set())
  const [announcement, setAnnouncement] = useState('')
  const streams = useRef(new Map<string, () => void>())
  const current = useRef(cases)
  current.current = cases
  const stateName = (s: string) => t.stateName[s] ?? s

  const merge = (c: RemoteCase) =>
    setCases((old) => {
      const list = old ?? []
      const i = list.findIndex((x) => x.id === c.id)
      if (i < 0) return [c, ...list].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
      const next = list.slice()
      next[i] = c
      return next
    })

  const load = async () => {
    const r = await gql<{ remoteCases: RemoteCase[] }>(REMOTE_CASES, { first: 20 }, { token: props.token })
    if (r.data) setCases(r.data.remoteCases)
    else if (r.errors[0]) props.onAuthError(r.errors[0])
  }

  useEffect(() => {
    void load()
    const timer = setInterval(() => void load(), POLL_MS)
    return () => clearInterval(timer)
  }, [props.token])

  useEffect(() => {
    if (props.added) merge(props.added)
  }, [props.added])

  // Keep one subscription for each of the newest open cases.
  const wanted = (cases ?? []).filter((c) => !FINAL_STATES.has(c.state)).slice(0, LIVE_LIMIT).map((c) => c.id)
  useEffect(() => {
    const open = streams.current
    for (const [id, stop] of open) {
      if (!wanted.includes(id)) {
        stop()
        open.delete(id)
        setLive((s) => new Set([...s].filter((x) => x !== id)))
      }
    }
    for (const id of wanted) {
      if (open.has(id)) continue
      open.set(
        id,
        subscribe<{ caseUpdated: RemoteCase }>(CASE_UPDATED, { id }, {
          token: props.token,
          onData: ({ caseUpdated: c }) => {
            const before = current.current?.find((x) => x.id === c.id)
            if (before && before.state !== c.state) setAnnouncement(t.stateChanged(c.id, stateName(c.state)))
            merge(c)
          },
          onError: (errors) => props.onAuthError(errors[0]!),
          onLive: (on) => setLive((s) => (on ? new Set([...s, id]) : new Set([...s].filter((x) => x !== id)))),
        }),
      )
    }
  }, [wanted.join(','), props.token])
  useEffect(() => () => streams.current.forEach((stop) => stop()), [])

  const city = (r: { name: string; nameEn: string }) => (lang === 'zh' ? r.name : r.nameEn)
  return (
    <section class="card cases" aria-labelledby="cases-title">
      <div class="section-head">
        <h2 id="cases-title">{t.casesTitle}</h2>
        <button type="button" class="link" onClick={() => void load()}>
          {t.casesRefresh}
        </button>
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {cases === undefined && <p class="busy">{t.loading}</p>}
      {cases?.length === 0 && <p class="muted">{t.casesEmpty}</p>}
      <ul class="case-list">
        {cases?.map((c) => (
          <li key={c.id} data-case-id={c.id} data-state={c.state}>
            <details>
              <summary>
                <span class={`state state-${c.state}`}>{stateName(c.state)}</span>
                {live.has(c.id) && (
                  <span class="live" title={t.liveHint}>
                    <span aria-hidden="true">● </span>
                    {t.live}
                  </span>
                )}
                <span class="case-title">{lang === 'zh' ? c.matter.name : c.matter.nameEn}</span>
                <span class="case-sub">
                  {c.applicant.name} · {city(c.competentRegion)} · <span class="mono id">{c.id}</span>
                </span>
              </summary>
              <div class="case-body">
                <p class="muted small">{formatDate(c.receivedAt, lang)}</p>
                <h3>{t.caseSteps}</h3>
                <ol class="steps">
                  {c.steps.map((s) => (
                    <li key={s.order}>
                      {t.stepLine(s.order, s.name, city(s.region))} — {stateName(s.state)} · {t.delivery}: {t.deliveryName[s.delivery.status] ?? s.delivery.status}
                      {s.localId && <span class="mono small"> · {s.localId}</span>}
                    </li>
                  ))}
                </ol>
                <h3>{t.caseHistory}</h3>
                <ul class="history">
                  {c.history.map((h, i) => (
                    <li key={i}>
                      <span class="mono small">{formatDate(h.at, lang)}</span> {stateName(h.state)}
                      {h.note && <span class="muted"> — {h.note}</span>}
                    </li>
                  ))}
                </ul>
              </div>
            </details>
          </li>
        ))}
      </ul>
    </section>
  )
}

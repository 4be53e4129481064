import { useEffect, useState } from 'preact/hooks'
import { gql } from '../shared/api.js'
import { useSettings, useStrings } from '../shared/settings.js'
import { Field } from '../shared/ui.js'
import { MATTERS, type Matter } from './queries.js'

/** Search the catalogue by name (Chinese or English) or code, and pick one matter. */
export function MatterPicker(props: { matter: Matter | undefined; onPick: (m: Matter | undefined) => void; token: string; error?: string | undefined }) {
  const t = useStrings()
  const { lang } = useSettings()
  const [search, setSearch] = useState('')
  const [found, setFound] = useState<Matter[]>()

  useEffect(() => {
    if (props.matter) return
    const controller = new AbortController()
    const timer = setTimeout(() => {
      gql<{ matters: Matter[] }>(MATTERS, { search: search.trim() || null }, { token: props.token, signal: controller.signal }).then(
        (r) => setFound(r.data?.matters ?? []),
        () => undefined,
      )
    }, 200)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [search, props.matter])

  const name = (m: Matter) => (lang === 'zh' ? m.name : m.nameEn)

  if (props.matter) {
    const m = props.matter
    return (
      <div class="chosen">
        <p>
          <strong class="big">{name(m)}</strong> <span class="mono">{m.code}</span>
        </p>
        <p class="muted">
          {t.basis}: {t.basisName[m.competenceBasis]} · {m.department}
        </p>
        <button type="button" class="link" id="field-matter" onClick={() => props.onPick(undefined)}>
          {lang === 'zh' ? '更换事项' : 'Change matter'}
        </button>
      </div>
    )
  }
  return (
    <div>
      <Field id="field-matter" label={t.matterSearch} hint={t.matterSearchHint} error={props.error}>
        {(aria) => (
          <input
            {...aria}
            type="search"
            class="wide"
            autocomplete="off"
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
            onKeyDown={(e) => {
              // Inside the application's form: Enter picks the only match, it never submits.
              if (e.key !== 'Enter') return
              e.preventDefault()
              if (found?.length === 1) props.onPick(found[0])
            }}
          />
        )}
      </Field>
      {found && (
        <div class="matter-list">
          <p class="muted" role="status">
            {found.length ? t.mattersFound(found.length) : t.noMatters}
          </p>
          <ul class="scroll">
            {found.map((m) => (
              <li key={m.code}>
                <button type="button" class="matter-option" onClick={() => props.onPick(m)}>
                  <span class="matter-name">{name(m)}</span> <span class="mono">{m.code}</span>
                  <span class="small"> · {t.basisName[m.competenceBasis]}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}

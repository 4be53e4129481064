import type { ComponentChildren, JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { updateSettings, useSettings, useStrings } from './settings.js'

/**
 * The frame both pages share: a skip link, the header with the two pages and the display
 * settings (language, large type, high contrast), and the main landmark.
 */
export function Shell(props: { page: 'verify' | 'window'; children: ComponentChildren }) {
  const t = useStrings()
  const s = useSettings()
  useEffect(() => {
    document.title = `${props.page === 'verify' ? t.verifyTitle : t.windowTitle} · ${t.appName}`
  }, [t])
  const link = (href: string, page: string, label: string) => (
    <a href={href} aria-current={props.page === page ? 'page' : undefined}>
      {label}
    </a>
  )
  return (
    <>
      <a class="skip" href="#main">
        {t.skip}
      </a>
      <header class="site no-print">
        <div class="bar">
          <a class="brand" href="/verify">
            <span class="brand-name">{t.appName}</span>
            <span class="brand-tag">{t.appTagline}</span>
          </a>
          <nav aria-label={s.lang === 'zh' ? '页面' : 'Pages'}>
            {link('/verify', 'verify', t.navVerify)}
            {link('/window', 'window', t.navWindow)}
            <a href="/graphql">{t.navApi}</a>
          </nav>
          <div class="toolbar" role="group" aria-label={t.settings}>
            <button type="button" lang={s.lang === 'zh' ? 'en' : 'zh-CN'} aria-label={t.langSwitchLabel} onClick={() => updateSettings({ lang: s.lang === 'zh' ? 'en' : 'zh' })}>
              {t.langSwitch}
            </button>
            <button type="button" aria-pressed={s.large} onClick={() => updateSettings({ large: !s.large })}>
              {t.largeType}
            </button>
            <button type="button" aria-pressed={s.contrast} onClick={() => updateSettings({ contrast: !s.contrast })}>
              {t.highContrast}
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  )
}

export interface FieldProps {
  id: string
  label: string
  hint?: string | undefined
  error?: string | undefined
  optional?: boolean
  children: (aria: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => JSX.Element
}

/** A labelled control with its hint and its error, tied together for screen readers. */
export function Field(p: FieldProps) {
  const t = useStrings()
  const described = [p.hint && `${p.id}-hint`, p.error && `${p.id}-error`].filter(Boolean).join(' ')
  return (
    <div class={`field${p.error ? ' has-error' : ''}`}>
      <label for={p.id}>
        {p.label}
        {p.optional && <span class="optional">{t.optional}</span>}
      </label>
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="error-text" id={`${p.id}-error`}>
          {p.error}
        </p>
      )}
      {p.children({ id: p.id, ...(described && { 'aria-describedby': described }), ...(p.error && { 'aria-invalid': 'true' as const }) })}
    </div>
  )
}

/** Copies text, with a fallback for pages served over plain HTTP (no Clipboard API there). */
export function CopyButton(props: { text: () => string; label: string }) {
  const t = useStrings()
  const [said, setSaid] = useState('')
  const copy = async () => {
    const text = props.text()
    let ok = false
    try {
      await navigator.clipboard.writeText(text)
      ok = true
    } catch {
      const area = document.createElement('textarea')
      area.value = text
      area.setAttribute('readonly', '')
      area.className = 'offscreen'
      document.body.append(area)
      area.select()
      ok = document.execCommand('copy')
      area.remove()
    }
    setSaid(ok ? t.copied : t.copyFailed)
  }
  return (
    <span class="copy">
      <button type="button" class="secondary" onClick={copy}>
        {props.label}
      </button>
      <span role="status" class="copy-status">
        {said}
      </span>
    </span>
  )
}

export interface ChoicesProps<T extends string> {
  legend: string
  name: string
  options: readonly { value: T; label: ComponentChildren }[]
  value: T | ''
  onChange: (value: T) => void
  /** Set for a group an error summary may send the focus to. */
  id?: string
  hint?: string | undefined
  error?: string | undefined
  inline?: boolean
}

/** A radio group: a fieldset whose legend names it, with its hint and error. */
export function Choices<T extends string>(p: ChoicesProps<T>) {
  return (
    <fieldset class={`choices${p.inline ? ' inline-choices' : ''}${p.error ? ' has-error' : ''}`} {...(p.id && { id: p.id, tabIndex: -1 })}>
      <legend>{p.legend}</legend>
      {p.hint && <p class="hint">{p.hint}</p>}
      {p.error && <p class="error-text">{p.error}</p>}
      {p.options.map((o) => (
        <label key={o.value} class="choice">
          <input type="radio" name={p.name} value={o.value} checked={p.value === o.value} onChange={() => p.onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  )
}

/** A form's submit button, disabled and saying so while the form is busy. */
export function SubmitButton(p: { busy: boolean; label: string; busyLabel?: string; big?: boolean }) {
  const t = useStrings()
  return (
    <button type="submit" class={`primary${p.big ? ' big' : ''}`} disabled={p.busy}>
      {p.busy ? (p.busyLabel ?? t.loading) : p.label}
    </button>
  )
}

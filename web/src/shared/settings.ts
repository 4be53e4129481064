import { useEffect, useState } from 'preact/hooks'
import { STRINGS, type Lang, type Strings } from './strings.js'

/** The reader's display choices, kept in localStorage and shared by both pages. */
export interface Settings {
  lang: Lang
  large: boolean
  contrast: boolean
}

const KEY = 'tongban.settings'
const listeners = new Set<() => void>()

function load(): Settings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>
    return { lang: saved.lang === 'en' ? 'en' : 'zh', large: saved.large === true, contrast: saved.contrast === true }
  } catch {
    return { lang: 'zh', large: false, contrast: false }
  }
}

let current = load()

function apply(): void {
  const root = document.documentElement
  root.lang = current.lang === 'zh' ? 'zh-CN' : 'en'
  root.classList.toggle('large', current.large)
  root.classList.toggle('contrast', current.contrast)
}
apply()

export function updateSettings(patch: Partial<Settings>): void {
  current = { ...current, ...patch }
  try {
    localStorage.setItem(KEY, JSON.stringify(current))
  } catch {
    // private mode: the choice lasts for this page only
  }
  apply()
  for (const l of listeners) l()
}

export function useSettings(): Settings {
  const [, rerender] = useState(0)
  useEffect(() => {
    const l = () => rerender((n) => n + 1)
    listeners.add(l)
    return () => void listeners.delete(l)
  }, [])
  return current
}

/** The strings of the current language (re-renders when it changes). */
export function useStrings(): Strings {
  return STRINGS[useSettings().lang]
}

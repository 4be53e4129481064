import { explainError, type ExplainedError, type GqlError } from './error-text.js'
import { cityName, useRegions } from './regions.js'
import { useSettings } from './settings.js'
import { STRINGS } from './strings.js'

/** explainError in the page's language, naming facts and cities as the page does. */
export function useExplain(): (e: GqlError) => ExplainedError {
  const { lang } = useSettings()
  const regions = useRegions()
  const t = STRINGS[lang]
  return (e) =>
    explainError(e, lang, {
      fact: (f) => t.factName[f] ?? f,
      region: (code) => cityName(regions, code, lang),
      list: (values) => values.map((v) => t.modeName[v] ?? t.kindName[v] ?? v).join(lang === 'zh' ? '、' : ', '),
    })
}

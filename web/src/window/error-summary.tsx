import type { ExplainedError } from '../shared/error-text.js'
import { useStrings } from '../shared/settings.js'

/** The page's id for a field the API or the form names (`facts.residence` → `field-facts-residence`). */
export const domId = (field: string) => `field-${field.replace(/[^\w]+/g, '-').replace(/-$/, '')}`

export function focusField(field: string): void {
  const el = document.getElementById(domId(field))
  el?.focus()
  el?.scrollIntoView({ block: 'center' })
}

/** Text that, when a field is named, links to it and moves the focus there. */
export function FieldLink(props: { field: string | undefined; text: string }) {
  if (!props.field) return <>{props.text}</>
  const field = props.field
  return (
    <a
      href={`#${domId(field)}`}
      onClick={(ev) => {
        ev.preventDefault()
        focusField(field)
      }}
    >
      {props.text}
    </a>
  )
}

/**
 * Everything a submission was refused for, at the top of the form, each linked to its field
 * (the GOV.UK pattern). It takes the focus when it appears (see ApplicationForm).
 */
export function ErrorSummary(props: { errors: ExplainedError[] }) {
  const t = useStrings()
  if (!props.errors.length) return null
  return (
    <div class="error-summary" id="error-summary" role="alert" tabIndex={-1}>
      <h2>{t.errorSummary}</h2>
      <ul>
        {props.errors.map((x, i) => (
          <li key={i}>
            <FieldLink field={x.items.length ? undefined : x.field} text={x.text} />
            {x.items.length > 0 && (
              <ul>
                {x.items.map((item, j) => (
                  <li key={j}>
                    <FieldLink field={item.field} text={item.text} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

/**
 * The selection a plan sends to a city, keyed by local field name. Nested canonical fields
 * that read the same local field share one entry, so the local query never repeats a field.
 */
export class LocalSelection {
  readonly fields = new Map<string, LocalSelection | null>()
  readonly fragments = new Map<string, LocalSelection>()

  /** Adds a leaf or an object path (`a.b.c`) and returns the selection at its end. */
  addPath(path: string, object = false): LocalSelection | null {
    const segments = path.split('.')
    let current: LocalSelection = this
    for (let i = 0; i < segments.length; i++) {
      const name = segments[i]!
      const last = i === segments.length - 1
      if (last && !object) {
        if (!current.fields.has(name)) current.fields.set(name, null)
        return null
      }
      let next = current.fields.get(name)
      if (!next) {
        next = new LocalSelection()
        current.fields.set(name, next)
      }
      current = next
    }
    return current
  }

  fragment(typeName: string): LocalSelection {
    let f = this.fragments.get(typeName)
    if (!f) {
      f = new LocalSelection()
      this.fragments.set(typeName, f)
    }
    return f
  }

  merge(other: LocalSelection): void {
    for (const [name, sub] of other.fields) {
      if (!sub) {
        if (!this.fields.has(name)) this.fields.set(name, null)
        continue
      }
      let mine = this.fields.get(name)
      if (!mine) {
        mine = new LocalSelection()
        this.fields.set(name, mine)
      }
      mine.merge(sub)
    }
    for (const [type, sub] of other.fragments) this.fragment(type).merge(sub)
  }

  /** GraphQL text of the selection set, braces included. */
  print(): string {
    const parts: string[] = []
    for (const [name, sub] of this.fields) parts.push(sub ? `${name} ${sub.print()}` : name)
    for (const [type, sub] of this.fragments) parts.push(`... on ${type} ${sub.print()}`)
    // An object must select something; __typename is always there.
    return `{ ${parts.length ? parts.join(' ') : '__typename'} }`
  }
}

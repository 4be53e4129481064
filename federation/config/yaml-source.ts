import { isNode, LineCounter, parseDocument, type Document } from 'yaml'

/** A parsed YAML file that can tell the line of any path inside it. */
export interface YamlSource {
  file: string
  value: unknown
  lineOf(path: readonly (string | number)[]): number | undefined
  errors: { message: string; line?: number }[]
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter()
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const errors = doc.errors.map((e) => ({
    message: e.message.split('\n')[0]!,
    line: e.linePos?.[0]?.line,
  }))
  return {
    file,
    value: errors.length ? undefined : doc.toJS({ maxAliasCount: 50 }),
    errors,
    lineOf(path) {
      // Walk up until a node exists: a missing key is reported at its parent.
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true)
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line
      }
      return undefined
    },
  }
}

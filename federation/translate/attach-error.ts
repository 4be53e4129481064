/**
 * Places an error at a canonical path inside mapped data: graphql-js reports an Error value
 * at the field's response path (aliases included), so a city's field error lands exactly
 * where the canonical query asked for that field.
 */
export function attachError(root: unknown, path: readonly (string | number)[], error: Error): boolean {
  if (path.length === 0) return false
  let node: unknown = root
  for (let i = 0; i < path.length - 1; i++) {
    const next = (node as Record<string | number, unknown>)[path[i]!]
    if (typeof next !== 'object' || next === null || next instanceof Error) {
      // The rest of the path was never built (a null parent): report on the deepest field.
      return setIfEmpty(node, path[i]!, error)
    }
    node = next
  }
  return setIfEmpty(node, path[path.length - 1]!, error)
}

function setIfEmpty(node: unknown, key: string | number, error: Error): boolean {
  if (typeof node !== 'object' || node === null) return false
  const holder = node as Record<string | number, unknown>
  if (holder[key] !== null && holder[key] !== undefined) return false
  holder[key] = error
  return true
}

import { parse, type DocumentNode } from 'graphql'
import { LRUCache } from 'lru-cache'

// Plans are cached, so the same few subgraph operation texts come back again and again.
const documents = new LRUCache<string, DocumentNode>({ max: 2000 })

/** The parsed document of a subgraph operation text from a plan, parsed once per text. */
export function operationDocument(query: string): DocumentNode {
  let document = documents.get(query)
  if (!document) {
    document = parse(query, { noLocation: true })
    documents.set(query, document)
  }
  return document
}

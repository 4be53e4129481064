import { SUBGRAPHS, subgraphSchema } from './supergraph-scenario.js'
import { serveSchema } from './supergraph-http.js'

/** The four subgraphs, in this process: prints READY {name: url}. */
const urls: Record<string, string> = {}
for (const name of Object.keys(SUBGRAPHS)) urls[name] = (await serveSchema(subgraphSchema(name))).url
console.log(`READY ${JSON.stringify(urls)}`)

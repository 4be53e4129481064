import { serveSchema } from './supergraph-http.js'
import { monolithSchema } from './supergraph-scenario.js'

/** The ceiling: the same API as one plain graphql-js server, no federation. */
const { url } = await serveSchema(monolithSchema())
console.log(`READY ${url}`)


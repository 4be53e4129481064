import { answerRss, serveSchema } from './supergraph-http.js'
import { monolithSchema } from './supergraph-scenario.js'

/** The ceiling: the same API as one plain graphql-js server, no federation. */
const { url } = await serveSchema(monolithSchema())
answerRss()
console.log(`READY ${url}`)

// Exit on SIGTERM: Hive's runtime registers its own graceful shutdown, which keeps the process alive.
process.on('SIGTERM', () => process.exit(0))

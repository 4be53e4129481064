// Hive Gateway's runtime with its defaults (logging off), serving the supergraph in argv[2].
// Plain JavaScript, run without the TypeScript loader, as the Tongban child is.
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { createGatewayRuntime } from '@graphql-hive/gateway'

const gateway = createGatewayRuntime({ supergraph: readFileSync(process.argv[2], 'utf8'), logging: false })
const server = createServer(gateway)
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
console.log(`READY http://127.0.0.1:${server.address().port}/graphql`)

// Exit on SIGTERM: Hive's runtime registers its own graceful shutdown, which keeps the process alive.
process.on('SIGTERM', () => process.exit(0))

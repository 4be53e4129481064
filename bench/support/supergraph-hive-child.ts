import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { createGatewayRuntime } from '@graphql-hive/gateway'
import { answerRss } from './supergraph-http.js'

/** Hive Gateway's runtime with its defaults (logging off), serving the supergraph in argv[2]. */
const gateway = createGatewayRuntime({ supergraph: readFileSync(process.argv[2]!, 'utf8'), logging: false })
const server = createServer(gateway)
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
answerRss()
console.log(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`)

// Exit on SIGTERM: Hive's runtime registers its own graceful shutdown, which keeps the process alive.
process.on('SIGTERM', () => process.exit(0))

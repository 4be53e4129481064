import { Writable } from 'node:stream'
import { createFederation, loadFederationConfig } from '../../federation/index.js'
import { bundledRegionConfigs } from '../../gateway/cli/package-root.js'
import { createLogger } from '../../gateway/logger.js'
import { createGateway } from '../../gateway/server.js'

/** The gateway under test, in its own process: endpoints come as JSON in argv[2]. */
const endpoints = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>
const federation = createFederation(loadFederationConfig(bundledRegionConfigs(), { endpoints }))
const gateway = createGateway({ federation, logger: createLogger({ level: 'error', destination: new Writable({ write: (_c, _e, cb) => cb() }) }) })
const { url } = await gateway.listen(0, '127.0.0.1')
console.log(`READY ${url}`)
// "cpu" → this process's CPU time so far (ms), to compute CPU per request.
process.stdin.setEncoding('utf8').on('data', (d: string) => {
  if (d.includes('cpu')) {
    const u = process.cpuUsage()
    console.log(String((u.user + u.system) / 1000))
  }
})
process.on('SIGTERM', () => {
  void gateway.close().then(() => federation.close()).then(() => process.exit(0))
})

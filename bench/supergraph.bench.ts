/**
 * Supergraph benchmark (issue 6): the standard four-subgraph scenario (accounts, inventory,
 * products, reviews) and a deep users → reviews → product → reviews → author query (~70 KB).
 * In the same run, one after another against the same subgraphs:
 *   1. the ceiling: the same schema as one plain graphql-js server, no federation;
 *   2. Tongban in supergraph mode (`tongban serve --supergraph`), from its compiled build;
 *   3. Hive Gateway (@graphql-hive/gateway 2.15.1, its runtime with defaults, logging off).
 * Both gateways run as plain `node` (no TypeScript loader); peak RSS is the process's VmHWM.
 * The server under test is pinned to core 0; the subgraphs and the load generator to core 1.
 * Each answer is checked against the ceiling's before anything is measured.
 * Run: npm run bench -- supergraph   (BENCH_S=seconds per run, default 10; BENCH_C=connections, default 16)
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { composeServices } from '@apollo/composition'
import { parse } from 'graphql'
import { peakRssMb, printTable, spawnChild, type Child } from './support/child.js'
import { compiledBuild } from './support/compiled-build.js'
import { DEEP_QUERY, SUBGRAPHS } from './support/supergraph-scenario.js'

const DURATION_S = Number(process.env.BENCH_S ?? 10)
const CONNECTIONS = Number(process.env.BENCH_C ?? 16)
const body = JSON.stringify({ query: DEEP_QUERY })

async function post(url: string): Promise<{ text: string; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  const text = await res.text()
  return { text, json: JSON.parse(text) }
}

async function main() {
  // Tongban runs from its compiled build, as `npm start` does.
  compiledBuild()
  const subgraphs = await spawnChild('./supergraph-subgraphs-child.ts', [], {}, { cpus: '1' })
  const urls = JSON.parse(subgraphs.ready) as Record<string, string>
  const composed = composeServices(Object.entries(SUBGRAPHS).map(([name, s]) => ({ name, url: urls[name]!, typeDefs: parse(s.sdl) })))
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'))
  const file = join(mkdtempSync(join(tmpdir(), 'tongban-supergraph-')), 'supergraph.graphql')
  writeFileSync(file, composed.supergraphSdl)
  console.log(`subgraphs: ${Object.keys(urls).join(', ')}`)
  const load = await spawnChild('./load-child.ts', [], {}, { cpus: '1' })
  const rows: (string | number)[][] = []
  const figures: Record<string, { rps: number; rss: number }> = {}
  let reference: unknown
  let size = 0
  const targets: [string, string, string[]][] = [
    ['plain graphql-js, no federation (ceiling)', './supergraph-ceiling-child.ts', []],
    ['Tongban supergraph mode', './supergraph-tongban-child.mjs', [file]],
    ['Hive Gateway 2.15.1', './supergraph-hive-child.mjs', [file]],
  ]
  try {
    for (const [label, script, args] of targets) {
      console.log(`${label}: starting`)
      const child: Child = await spawnChild(script, args, {}, { cpus: '0' })
      try {
        const url = child.ready
        const answer = await post(url)
        if (answer.json.errors) throw new Error(`${label}: ${JSON.stringify(answer.json.errors).slice(0, 500)}`)
        if (reference === undefined) {
          reference = answer.json
          size = Buffer.byteLength(answer.text)
        } else if (JSON.stringify(answer.json) !== JSON.stringify(reference)) {
          throw new Error(`${label} answers differently from the ceiling`)
        }
        console.log(`${label}: answer checked (${Buffer.byteLength(answer.text)} bytes); measuring`)
        // Warm up: JIT, keep-alive pools, caches.
        load.send(JSON.stringify({ mode: 'rps', url, body, connections: CONNECTIONS, durationS: 3 }))
        await load.next()
        load.send(JSON.stringify({ mode: 'rps', url, body, connections: CONNECTIONS, durationS: DURATION_S }))
        const r = JSON.parse(await load.next()) as { rps: number; p50: number; p99: number; errors: number }
        const rss = peakRssMb(child)
        figures[label] = { rps: r.rps, rss }
        rows.push([label, Math.round(r.rps), r.p50, r.p99, rss, r.errors])
      } finally {
        await child.kill()
      }
    }
  } finally {
    await Promise.all([load.kill(), subgraphs.kill()])
  }
  printTable(
    `Deep query (${(size / 1024).toFixed(0)} KB answer), ${DURATION_S}s at ${CONNECTIONS} connections; server on core 0, subgraphs and load generator on core 1`,
    ['server', 'RPS', 'p50 ms', 'p99 ms', 'peak RSS MB', 'errors'],
    rows,
  )
  const t = figures['Tongban supergraph mode']!
  const h = figures['Hive Gateway 2.15.1']!
  const c = figures['plain graphql-js, no federation (ceiling)']!
  console.log(`Tongban / Hive Gateway: ${(t.rps / h.rps).toFixed(2)}× RPS (target ≥ 3×), ${(t.rss / h.rss).toFixed(2)}× peak RSS (target ≤ 0.33×)`)
  console.log(`Tongban / ceiling: ${(t.rps / c.rps).toFixed(2)}× RPS; Hive Gateway / ceiling: ${(h.rps / c.rps).toFixed(2)}× RPS`)
}

await main()

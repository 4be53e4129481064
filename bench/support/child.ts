import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export interface Child {
  proc: ChildProcess
  /** The text after READY on the child's first ready line. */
  ready: string
  /** Further lines the child prints (one JSON result per command). */
  next(): Promise<string>
  send(line: string): void
  kill(): Promise<void>
}

/**
 * Starts `node --import tsx <script>` (a `.mjs` script: plain `node <script>`, without the
 * TypeScript loader's memory) and waits for it to print `READY …`. Each benchmark
 * actor (city, gateway, load generator) runs in its own process with its own event loop, so
 * the comparison is between processes, as in production.
 */
export async function spawnChild(script: string, args: string[] = [], env: Record<string, string> = {}, o: { cpus?: string | undefined; nodeArgs?: string[] } = {}): Promise<Child> {
  const { cpus } = o
  const file = fileURLToPath(new URL(script, import.meta.url))
  // nodeArgs: V8 flags Node does not take from NODE_OPTIONS (e.g. --single-threaded-gc).
  const argv = [...(o.nodeArgs ?? []), ...(script.endsWith('.mjs') ? [] : ['--import', 'tsx']), file, ...args]
  // With `cpus`, the child is pinned with taskset (util-linux) so each actor keeps its core.
  const [command, commandArgs] = cpus ? ['taskset', ['-c', cpus, process.execPath, ...argv]] : [process.execPath, argv]
  const proc = spawn(command, commandArgs as string[], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', ...env },
  })
  const lines: string[] = []
  const waiters: { resolve(line: string): void; reject(err: Error): void }[] = []
  // One exit listener for the child's lifetime, not one per awaited line.
  let exited: Error | undefined
  proc.once('exit', (code) => {
    exited = new Error(`${script} exited with ${code}`)
    for (const w of waiters.splice(0)) w.reject(exited)
  })
  let buffer = ''
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk
    let i: number
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i)
      buffer = buffer.slice(i + 1)
      const w = waiters.shift()
      if (w) w.resolve(line)
      else lines.push(line)
    }
  })
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const l = lines.shift()
      if (l !== undefined) return resolve(l)
      if (exited) return reject(exited)
      waiters.push({ resolve, reject })
    })
  const first = await next()
  if (!first.startsWith('READY')) throw new Error(`${script} did not start: ${first}`)
  return {
    proc,
    ready: first.slice(6).trim(),
    next,
    send: (line) => proc.stdin!.write(`${line}\n`),
    kill: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve()
        proc.once('exit', () => resolve())
        proc.kill('SIGTERM')
      }),
  }
}

/** A child's peak resident set size in MB (VmHWM; taskset execs node, so the pid is node's). */
export function peakRssMb(child: Child): number {
  const status = readFileSync(`/proc/${child.proc.pid}/status`, 'utf8')
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)
  if (!kb) throw new Error('no VmHWM in /proc/<pid>/status')
  return Math.round(Number(kb[1]) / 1024)
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)))
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ')
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`)
  for (const r of cells.slice(1)) console.log(line(r))
}

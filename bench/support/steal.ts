import { readFileSync } from 'node:fs'

/**
 * CPU time the hypervisor took from this virtual machine while a run went on ("steal" in
 * /proc/stat), as a share of all the machine's CPU time then. On a shared VM a stolen slice
 * stops whichever process was running, for as long as the host keeps it: latency no code
 * here causes, and which a reader of p99 figures should see beside them.
 * Linux only; elsewhere the meter reads NaN.
 */
export function stealMeter(): { stop(): number } {
  const start = cpuTicks()
  return {
    stop() {
      const end = cpuTicks()
      if (!start || !end) return NaN
      const total = end.total - start.total
      return total > 0 ? (end.steal - start.steal) / total : NaN
    },
  }
}

/** The aggregate `cpu` line: all ticks, and the stolen ones (8th value). */
function cpuTicks(): { total: number; steal: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!
    const ticks = line.trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal [guest guest_nice, already in user/nice]
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0)
    return { total, steal: ticks[7] ?? 0 }
  } catch {
    return undefined
  }
}

/** A stolen share as a percentage, for tables. */
export const stolenPercent = (share: number): string => (Number.isNaN(share) ? 'n/a' : `${(share * 100).toFixed(1)}%`)

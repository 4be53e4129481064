import { createHash } from 'node:crypto'
import { isNoScript, type RedisLink } from './redis-link.js'

export interface LuaScript {
  readonly name: string
  readonly source: string
  /** SHA-1 of the source: what EVALSHA names it by. */
  readonly sha: string
}

export function defineScript(name: string, source: string): LuaScript {
  return { name, source, sha: createHash('sha1').update(source).digest('hex') }
}

export interface ScriptRunner {
  /** SCRIPT LOAD every script once (at start-up: a syntax error fails start-up, not a commit). */
  load(scripts: readonly LuaScript[]): Promise<void>
  run(script: LuaScript, keys: readonly string[], args: readonly (string | Buffer)[]): Promise<unknown>
}

/**
 * Runs scripts by EVALSHA, so the (large) sources cross the wire once. Redis keeps the script
 * cache only in memory — a restarted server, even one that replays its AOF, has forgotten
 * every script, and SCRIPT FLUSH empties it too — so on NOSCRIPT the script is loaded again
 * and the call repeated. Repeating is safe: NOSCRIPT means the script did not run at all.
 */
export function createScriptRunner(link: RedisLink): ScriptRunner {
  const load = async (s: LuaScript): Promise<void> => {
    const sha = await link.send(['SCRIPT', 'LOAD', s.source])
    if (sha !== s.sha) throw new Error(`script ${s.name}: Redis named it ${String(sha)}, expected ${s.sha}`)
  }
  return {
    async load(scripts) { await Promise.all(scripts.map(load)) },
    async run(s, keys, args) {
      const cmd = ['EVALSHA', s.sha, String(keys.length), ...keys, ...args]
      try {
        return await link.send(cmd)
      } catch (err) {
        if (!isNoScript(err)) throw err
        await load(s)
        return link.send(cmd)
      }
    },
  }
}

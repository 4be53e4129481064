import { readFile, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { gzipSync } from 'node:zlib'

/** One file ready to send: its bytes, and a gzip copy when that is worth having. */
export interface Asset {
  body: Uint8Array<ArrayBuffer>
  gzip?: Uint8Array<ArrayBuffer>
  type: string
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
}

/** Vite names every emitted file `name-<hash>.<ext>`: one flat folder, no path separators. */
const ASSET_NAME = /^[\w-]+\.[\w]+$/

/**
 * The built web pages (`vite build` output: `index.html` and hashed files in `assets/`). Hashed files never change under their name, so each is read once and kept;
 * the pages themselves are read per request, so a rebuild shows without a restart.
 * Nothing but the page and the flat `assets/` folder can be named, so no
 * request path ever reaches the file system (no traversal, no dotfiles, no directory listing).
 */
export class StaticAssets {
  readonly #dir: string
  readonly #hashed = new Map<string, Promise<Asset | undefined>>()

  constructor(dir: string) {
    this.#dir = dir
  }

  get dir(): string {
    return this.#dir
  }

  /** `index.html`, the document of both pages; undefined when the web pages are not built. */
  page(): Promise<Asset | undefined> {
    return load(join(this.#dir, 'index.html'))
  }

  /** A file of `assets/` by its exact (hashed) name; undefined for anything else. */
  asset(name: string): Promise<Asset | undefined> {
    if (!ASSET_NAME.test(name) || !(extname(name) in TYPES)) return Promise.resolve(undefined)
    let found = this.#hashed.get(name)
    if (!found) {
      found = load(join(this.#dir, 'assets', name))
      // Remember hits only: a file that appears with the next build must be found then.
      void found.then((a) => a ?? this.#hashed.delete(name))
      this.#hashed.set(name, found)
    }
    return found
  }
}

async function load(file: string): Promise<Asset | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined
    const body = new Uint8Array(await readFile(file))
    const type = TYPES[extname(file)] ?? 'application/octet-stream'
    const compressible = type.startsWith('text/') || type.startsWith('image/svg') || type.startsWith('application/json')
    return { body, type, ...(compressible && body.length > 1024 && { gzip: new Uint8Array(gzipSync(body)) }) }
  } catch {
    return undefined
  }
}

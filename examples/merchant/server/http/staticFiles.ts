import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
}

/** Serves the built front end from `root`; unknown paths get `index.html` (client-side pages). */
export function staticFiles(root: string): (path: string) => Promise<Response> {
  return async (path) => {
    const relative = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '')
    let file = join(root, relative)
    if (!file.startsWith(root + sep) && file !== root)
      return new Response('Not found', { status: 404 })
    const found = await stat(file).catch(() => undefined)
    if (!found?.isFile()) file = join(root, 'index.html')
    const body = await readFile(file).catch(() => undefined)
    if (!body)
      return new Response('The front end is not built: run `pnpm build:web`.', { status: 404 })
    const immutable = file.includes(`${sep}assets${sep}`)
    return new Response(new Uint8Array(body), {
      headers: {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    })
  }
}

import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { LncBinaries } from '../binaries/ensureLncBinaries.js'

/**
 * Serves the wasm client (`application/wasm`) and `wasm_exec.js` on a
 * loopback port, with CORS open so that any test page may load them.
 */
export async function serveWasm(
  binaries: Pick<LncBinaries, 'wasm' | 'wasmExec'>,
): Promise<{ wasmUrl: string; wasmExecUrl: string; close(): Promise<void> }> {
  const files: Record<string, { path: string; type: string }> = {
    '/wasm-client.wasm': { path: binaries.wasm, type: 'application/wasm' },
    '/wasm_exec.js': { path: binaries.wasmExec, type: 'text/javascript' },
  }
  const server = createServer(async (req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname]
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end()
      return
    }
    try {
      const body = await readFile(file.path)
      res.writeHead(200, {
        'content-type': file.type,
        'content-length': body.length,
        'access-control-allow-origin': '*',
        'cache-control': 'no-cache',
      })
      res.end(req.method === 'HEAD' ? undefined : body)
    } catch {
      res.writeHead(500).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return {
    wasmUrl: `${base}/wasm-client.wasm`,
    wasmExecUrl: `${base}/wasm_exec.js`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A loopback HTTP front for several desk workers, as a load balancer would
 * be: each request goes to the next worker in turn, and to the one after it
 * when that one does not take the connection (a dead worker). A request a
 * worker took and then dropped (it died) is answered 502: a borrower signs
 * a new one, never replays it.
 */
export async function roundRobinProxy(
  targets: () => readonly string[],
): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const urls = targets()
      const attempt = (tries: number) => {
        if (tries >= urls.length) {
          res.writeHead(502).end()
          return
        }
        const target = new URL(req.url ?? '/', urls[next++ % urls.length])
        const forward = request(
          target,
          { method: req.method, headers: { ...req.headers, host: target.host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers)
            answer.pipe(res)
          },
        )
        forward.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED') attempt(tries + 1)
          else if (!res.headersSent) res.writeHead(502).end()
          else res.destroy()
        })
        forward.end(body)
      }
      attempt(0)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

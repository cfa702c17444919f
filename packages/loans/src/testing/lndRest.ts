import { request } from 'node:https'
import type { NodeHandle } from '@btcfi/regtest'

/**
 * A call to a node's REST API with its admin macaroon, for what the SDK does
 * not offer (the node's payment list; a route built by hand, as a hostile
 * payer would). JSON in and out, as lnd sends it.
 */
function lndRest<T>(
  node: NodeHandle,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  timeoutMs: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const req = request(
      new URL(path, node.restUrl),
      {
        method,
        ca: node.tlsCert,
        headers: {
          'Grpc-Metadata-macaroon': node.macaroons.admin,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString()
          if ((res.statusCode ?? 500) >= 300) {
            reject(
              new Error(`${node.name} ${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`),
            )
            return
          }
          try {
            resolve(JSON.parse(text) as T)
          } catch (error) {
            reject(error)
          }
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error(`${node.name} ${method} ${path}: timed out`)))
    req.on('error', reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

export const lndGet = <T>(node: NodeHandle, path: string, timeoutMs = 15_000) =>
  lndRest<T>(node, 'GET', path, undefined, timeoutMs)

export const lndPost = <T>(node: NodeHandle, path: string, body: unknown, timeoutMs = 15_000) =>
  lndRest<T>(node, 'POST', path, body, timeoutMs)

import { request } from 'node:https'
import type { NodeHandle } from '@btcfi/regtest'

/**
 * A GET on a node's REST API with its admin macaroon (for what the SDK does
 * not offer: the node's payment list). JSON, as lnd sends it.
 */
export function lndGet<T>(node: NodeHandle, path: string, timeoutMs = 15_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const req = request(
      new URL(path, node.restUrl),
      {
        method: 'GET',
        ca: node.tlsCert,
        headers: { 'Grpc-Metadata-macaroon': node.macaroons.admin },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString()
          if ((res.statusCode ?? 500) >= 300) {
            reject(new Error(`${node.name} GET ${path}: ${res.statusCode} ${text.slice(0, 200)}`))
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
    req.on('timeout', () => req.destroy(new Error(`${node.name} GET ${path}: timed out`)))
    req.on('error', reject)
    req.end()
  })
}

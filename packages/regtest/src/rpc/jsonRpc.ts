import { type HttpJsonTarget, httpJson } from './httpJson.js'

/** A Bitcoin-style JSON-RPC 1.0 call (btcd and bitcoind). */
export async function jsonRpc<T>(
  target: HttpJsonTarget,
  method: string,
  params: unknown[] = [],
  { timeoutMs = 120_000 }: { timeoutMs?: number } = {},
): Promise<T> {
  const reply = await httpJson<{ result: T; error: { message: string } | null }>(
    target,
    'POST',
    '/',
    { jsonrpc: '1.0', id: 'btcfi', method, params },
    { timeoutMs },
  ).catch((error: unknown) => {
    // bitcoind answers RPC errors with HTTP 500 and the error in the body.
    const body = (error as { body?: string }).body
    if (body) {
      const parsed = JSON.parse(body) as { error?: { message: string } }
      if (parsed.error) throw new Error(`${method}: ${parsed.error.message}`)
    }
    throw error
  })
  if (reply.error) throw new Error(`${method}: ${reply.error.message}`)
  return reply.result
}

export function basicAuth(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` }
}

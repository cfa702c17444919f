import { type Hex, randomPreimage } from '@btcfi/core'
import { type Client, signMessage } from '@btcfi/sdk'
import ky from 'ky'
import { LoanError } from '../errors/LoanError.js'
import { isPubkey } from '../protocol/parseHex.js'
import { readWireAnswer } from '../protocol/readWireAnswer.js'
import { requestSigningText, SIGNATURE_HEADERS } from '../protocol/signedRequest.js'
import { toWire } from '../protocol/wireJson.js'

export interface DeskCallerParameters {
  client: Client
  deskUrl: string
  fetch?: typeof globalThis.fetch | undefined
  timeoutMs?: number | undefined
  now: () => number
  /** The borrower's node key (signs every request but `/v1/info`). */
  pubkey: () => Promise<Hex>
  /**
   * The desk's node pubkey, part of every signed request (a signature for
   * one desk is refused by another). Default: the `deskPubkey` of the desk's
   * `/v1/info`, asked once (or taken from an info call made through this caller).
   */
  deskPubkey?: (() => Promise<Hex>) | undefined
}

/** A call to the desk: JSON in and out (amounts as strings), signed with the node key; a refusal is a `LoanError` with the desk's reason. */
export type DeskCall = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>

/** How the agent talks to a desk: ky with no retries, every request but `/v1/info` signed for that desk. */
export function deskCaller(parameters: DeskCallerParameters): DeskCall {
  const { client, now, pubkey } = parameters
  let deskKey: Promise<Hex> | undefined
  const deskPubkey = (): Promise<Hex> => {
    deskKey ??= (
      parameters.deskPubkey?.() ??
      call<{ deskPubkey?: unknown }>('GET', 'v1/info').then((info) => info.deskPubkey)
    ).then(
      (key) => {
        if (!isPubkey(key)) {
          throw new LoanError('DESK_ERROR', 'The desk did not name its node pubkey (GET /v1/info).')
        }
        return key
      },
      (error: unknown) => {
        deskKey = undefined
        throw error
      },
    )
    return deskKey
  }
  const http = ky.create({
    prefixUrl: parameters.deskUrl,
    retry: 0,
    timeout: parameters.timeoutMs ?? 30_000,
    throwHttpErrors: false,
    ...(parameters.fetch ? { fetch: parameters.fetch } : {}),
  })

  return call

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const text = body === undefined ? undefined : JSON.stringify(toWire(body))
    const headers: Record<string, string> = { accept: 'application/json' }
    if (text !== undefined) headers['content-type'] = 'application/json'
    if (path !== 'v1/info') {
      const nonce = randomPreimage()
      const timestamp = now()
      const key = await pubkey()
      const desk = await deskPubkey()
      const message = requestSigningText({
        method,
        path: `/${path}`,
        body: text === undefined ? null : JSON.parse(text),
        pubkey: key,
        desk,
        nonce,
        timestamp,
      })
      const { signature } = await signMessage(client, { message })
      headers[SIGNATURE_HEADERS.pubkey] = key
      headers[SIGNATURE_HEADERS.desk] = desk
      headers[SIGNATURE_HEADERS.nonce] = nonce
      headers[SIGNATURE_HEADERS.timestamp] = String(timestamp)
      headers[SIGNATURE_HEADERS.signature] = signature
    }
    let response: Response
    try {
      response = await http(path, {
        method,
        headers,
        ...(text === undefined ? {} : { body: text }),
      })
    } catch (error) {
      throw new LoanError('DESK_ERROR', `The desk did not answer ${method} /${path}.`, {
        cause: error,
      })
    }
    // Signed for another desk (its node key changed?): ask its pubkey again next time.
    if (response.status === 421 && !parameters.deskPubkey) deskKey = undefined
    const value = await readWireAnswer<T>(response, 'The desk', `${method} /${path}`)
    if (method === 'GET' && path === 'v1/info' && !parameters.deskPubkey) {
      const key = (value as { deskPubkey?: unknown } | undefined)?.deskPubkey
      if (isPubkey(key)) deskKey = Promise.resolve(key)
    }
    return value
  }
}

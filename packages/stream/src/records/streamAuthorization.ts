import { type Hex, hasErrorCode } from '@btcfi/core'
import { type Client, verifyMessage } from '@btcfi/sdk'

/**
 * The sender's node-key signature (lnd `signmessage`, zbase32 text) of the
 * stream's key, for the stream id and destination (`streamAuthorizationText`):
 * lets a receiver bind a stream to the node that owns it. Odd, next to the
 * stream's signature record.
 */
export const STREAM_AUTHORIZATION_RECORD = '1112818505'

export interface StreamAuthorizationFields {
  streamId: string
  /** The stream's key (x-only, hex), as in the record's `pubkey`. */
  pubkey: string
  /** The receiver's node key, as in the record's `destination`. */
  destination: string
}

/**
 * The text a sender's node key signs to vouch for a stream's key:
 * `btcfi-stream/v2 key:{"stream_id":…,"pubkey":…,"destination":…}`.
 */
export function streamAuthorizationText(fields: StreamAuthorizationFields): string {
  return `btcfi-stream/v2 key:${JSON.stringify({
    stream_id: fields.streamId,
    pubkey: fields.pubkey.toLowerCase(),
    destination: fields.destination.toLowerCase(),
  })}`
}

/** Errors that say the node could not answer now, not that the signature is bad. */
const TRANSIENT = ['NODE_UNREACHABLE', 'TIMEOUT', 'ABORTED', 'WALLET_LOCKED'] as const

/**
 * The node key that signed a stream's authorization (recovered by the
 * receiver's lnd, `verifymessage`), or undefined when there is none or it
 * does not parse. Throws when the node cannot be asked now.
 */
export async function streamAuthorizationSigner(
  client: Client,
  fields: StreamAuthorizationFields,
  authorization: string | undefined,
): Promise<Hex | undefined> {
  if (authorization === undefined || authorization.length === 0 || authorization.length > 200) {
    return undefined
  }
  try {
    const { pubkey } = await verifyMessage(client, {
      message: streamAuthorizationText(fields),
      signature: authorization,
    })
    return pubkey.toLowerCase()
  } catch (error) {
    if (TRANSIENT.some((code) => hasErrorCode(error, code))) throw error
    return undefined
  }
}

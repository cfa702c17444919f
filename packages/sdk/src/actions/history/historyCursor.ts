import {
  base64UrlToBytes,
  bytesToBase64Url,
  bytesToUtf8,
  type Hex,
  InvalidArgumentError,
  utf8ToBytes,
} from '@btcfi/core'

/**
 * Where a history feed stands in each of lnd's own orders: the last payment
 * index and invoice add index read, the number of forwards read since the
 * start of time, and the last confirmed on-chain transaction read (by
 * height, then txid). Built from lnd's indexes only, it stays valid across
 * restarts of the app and of lnd.
 */
export interface HistoryPosition {
  paymentIndex: bigint
  invoiceAddIndex: bigint
  forwardOffset: number
  onchain: { height: number; txid: Hex | '' }
}

export const START: HistoryPosition = {
  paymentIndex: 0n,
  invoiceAddIndex: 0n,
  forwardOffset: 0,
  onchain: { height: 0, txid: '' },
}

/** The opaque, URL-safe cursor of a position. */
export function encodeHistoryCursor(position: HistoryPosition): string {
  const text = [
    'h1',
    position.paymentIndex,
    position.invoiceAddIndex,
    position.forwardOffset,
    position.onchain.height,
    position.onchain.txid,
  ].join('.')
  return bytesToBase64Url(utf8ToBytes(text)).replace(/=+$/, '')
}

/** A cursor back to its position; anything that is not one is INVALID_ARGUMENT. */
export function decodeHistoryCursor(cursor: string): HistoryPosition {
  const invalid = (cause?: unknown) =>
    new InvalidArgumentError('cursor', 'a cursor listHistory returned', { cause })
  if (typeof cursor !== 'string' || cursor.length > 200) throw invalid()
  let text: string
  try {
    text = bytesToUtf8(base64UrlToBytes(cursor))
  } catch (cause) {
    throw invalid(cause)
  }
  const match = /^h1\.(\d{1,20})\.(\d{1,20})\.(\d{1,15})\.(\d{1,10})\.([0-9a-f]{64})?$/.exec(text)
  if (!match) throw invalid()
  const [, payments, invoices, forwards, height, txid = ''] = match
  return {
    paymentIndex: BigInt(payments!),
    invoiceAddIndex: BigInt(invoices!),
    forwardOffset: Number(forwards),
    onchain: { height: Number(height), txid: txid as Hex | '' },
  }
}

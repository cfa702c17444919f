/** A signed receipt the merchant's node gave for what a stream paid so far. */
export interface MeterReceipt {
  seq: number
  totalMsat: bigint
  atMs: number
  receipt: string
  signature: string
}

/**
 * A pay-per-minute session on the merchant's side: it runs while the
 * customer's stream keeps up with the rate, and stops when it falls behind
 * (the customer stopped the stream, or the wallet ran dry).
 */
export interface MeterSession {
  id: string
  service: string
  msatPerSecond: bigint
  /** Where the stream must pay: the merchant's node key. */
  destination: string
  /** How far behind the stream may fall before the service stops, msat. */
  allowanceMsat: bigint
  status: 'WAITING' | 'RUNNING' | 'STOPPED'
  streamId: string | undefined
  startedAtMs: number | undefined
  stoppedAtMs: number | undefined
  /** What the rate asks for since the start. */
  expectedMsat: bigint
  receivedMsat: bigint
  arrearsMsat: bigint
  payments: number
  missingSeqs: number[]
  receipts: MeterReceipt[]
}

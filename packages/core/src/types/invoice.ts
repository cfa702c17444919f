import type { Hex } from './node.js'

export type InvoiceState = 'OPEN' | 'ACCEPTED' | 'SETTLED' | 'CANCELED'
export type HtlcState = 'ACCEPTED' | 'SETTLED' | 'CANCELED'

/** One HTLC paying an invoice; for a hold invoice, the HTLC that holds the funds. */
export interface InvoiceHtlc {
  chanId: string
  htlcIndex: bigint
  amountMsat: bigint
  acceptHeight: number
  acceptTime: Date
  resolveTime: Date | undefined
  /** Block height at which the HTLC times out. */
  expiryHeight: number
  state: HtlcState
  /** Custom TLV records carried by the HTLC, by record type (decimal string). */
  customRecords: Record<string, Uint8Array>
}

export interface Invoice {
  paymentHash: Hex
  paymentRequest: string
  memo: string
  /** Requested amount; 0n for an any-amount invoice. */
  valueMsat: bigint
  amountPaidMsat: bigint
  state: InvoiceState
  /** lnd returns it for its own invoices from the start; for a hold invoice only once settled (lnd never stores it). */
  preimage: Hex | undefined
  descriptionHash: Hex | undefined
  paymentAddr: Hex
  createdAt: Date
  settledAt: Date | undefined
  /** Seconds after `createdAt` the invoice expires. */
  expirySeconds: number
  cltvExpiry: number
  isPrivate: boolean
  isKeysend: boolean
  isAmp: boolean
  addIndex: bigint
  settleIndex: bigint
  htlcs: InvoiceHtlc[]
}

export interface AddInvoiceRequest {
  valueMsat: bigint
  memo?: string
  descriptionHash?: Hex
  /** Preimage to use; the node draws one when absent. */
  preimage?: Hex
  expirySeconds?: number
  cltvExpiry?: number
  isPrivate?: boolean
  /** An AMP invoice (lnd's `is_amp`): payable more than once, with no preimage of its own. */
  isAmp?: boolean
}

export interface AddHoldInvoiceRequest {
  /** The payment hash; the caller keeps the preimage. */
  paymentHash: Hex
  valueMsat: bigint
  memo?: string
  descriptionHash?: Hex
  expirySeconds?: number
  cltvExpiry?: number
  isPrivate?: boolean
}

export interface AddedInvoice {
  paymentHash: Hex
  paymentRequest: string
  paymentAddr: Hex
  addIndex: bigint
}

export interface ListInvoicesRequest {
  pendingOnly?: boolean
  indexOffset?: bigint
  maxInvoices?: number
  reversed?: boolean
}

export interface InvoicePage {
  invoices: Invoice[]
  firstIndexOffset: bigint
  lastIndexOffset: bigint
}

export interface SubscribeInvoicesRequest {
  /** Replay invoices added after this index. */
  addIndex?: bigint
  /** Replay invoices settled after this index. */
  settleIndex?: bigint
}

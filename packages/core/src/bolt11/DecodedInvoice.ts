import type { Hex, Network } from '../types/node.js'

/** One hop of a private route the payee offers (`r` field). */
export interface RouteHintHop {
  pubkey: Hex
  /** Short channel id as `blockxtxxoutput`. */
  shortChannelId: string
  feeBaseMsat: bigint
  feeProportionalMillionths: number
  cltvExpiryDelta: number
}

export interface InvoiceFeature {
  bit: number
  /** BOLT 9 name, when known. */
  name: string | undefined
  /** Set on the even (compulsory) bit. */
  required: boolean
}

/** A BOLT 11 invoice, decoded and its signature checked. */
export interface DecodedInvoice {
  /** The invoice as given, lowercased, without a `lightning:` prefix. */
  paymentRequest: string
  network: Network
  paymentHash: Hex
  paymentSecret: Hex
  /** `undefined` for an any-amount invoice. */
  amountMsat: bigint | undefined
  description: string | undefined
  descriptionHash: Hex | undefined
  /** The payee's node key (from `n`, or recovered from the signature). */
  payee: Hex
  createdAt: Date
  expiresAt: Date
  expirySeconds: number
  minFinalCltvExpiry: number
  routeHints: RouteHintHop[][]
  features: InvoiceFeature[]
  fallbackAddresses: string[]
  metadata: Hex | undefined
}

/** An invoice's fields without its payee: what `readInvoice` returns. */
export type InvoiceFields = Omit<DecodedInvoice, 'payee'>

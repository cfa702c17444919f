/** One line of an order. */
export interface OrderLine {
  productId: string
  name: string
  quantity: number
  unitCents: bigint
}

/** An invoice of an order: a new one replaces an expired one. */
export interface OrderInvoice {
  paymentHash: string
  paymentRequest: string
  amountMsat: bigint
  createdAtMs: number
  expiresAtMs: number
  state: 'OPEN' | 'SETTLED' | 'EXPIRED'
}

/** What the customer keeps once an order is paid. */
export interface Receipt {
  orderId: string
  paymentHash: string
  /** The proof of payment: the customer's wallet holds the same preimage. */
  preimage: string | undefined
  amountMsat: bigint
  totalCents: bigint
  centsPerBtc: bigint
  paidAtMs: number
  method: OrderMethod
}

/** `lightning`: the customer pays the invoice; `pay-later`: a loan desk pays it for them. */
export type OrderMethod = 'lightning' | 'pay-later'

export interface Order {
  id: string
  lines: OrderLine[]
  totalCents: bigint
  /** The price the order was billed at, US cents per bitcoin. */
  centsPerBtc: bigint
  amountMsat: bigint
  method: OrderMethod
  status: 'AWAITING_PAYMENT' | 'EXPIRED' | 'PAID'
  invoices: OrderInvoice[]
  createdAtMs: number
  receipt: Receipt | undefined
}

// What the server sends: bigints arrive as decimal strings.
export type Amount = string

export interface Product {
  id: string
  name: string
  description: string
  priceCents: Amount
  emoji: string
}

export interface OrderInvoice {
  paymentHash: string
  paymentRequest: string
  amountMsat: Amount
  createdAtMs: number
  expiresAtMs: number
  state: 'OPEN' | 'SETTLED' | 'EXPIRED'
}

export interface Receipt {
  orderId: string
  paymentHash: string
  preimage?: string
  amountMsat: Amount
  totalCents: Amount
  centsPerBtc: Amount
  paidAtMs: number
  method: 'lightning' | 'pay-later'
}

export interface Order {
  id: string
  lines: { productId: string; name: string; quantity: number; unitCents: Amount }[]
  totalCents: Amount
  centsPerBtc: Amount
  amountMsat: Amount
  method: 'lightning' | 'pay-later'
  status: 'AWAITING_PAYMENT' | 'EXPIRED' | 'PAID'
  invoices: OrderInvoice[]
  createdAtMs: number
  receipt?: Receipt
}

export interface MeterSession {
  id: string
  service: string
  msatPerSecond: Amount
  destination: string
  allowanceMsat: Amount
  status: 'WAITING' | 'RUNNING' | 'STOPPED'
  streamId?: string
  startedAtMs?: number
  stoppedAtMs?: number
  expectedMsat: Amount
  receivedMsat: Amount
  arrearsMsat: Amount
  payments: number
  missingSeqs: number[]
  receipts: { seq: number; totalMsat: Amount; atMs: number; receipt: string; signature: string }[]
}

/** A v2 loan's escrow: the agent that holds the lock's preimage, the lender's key to it, the dispute window. */
export interface EscrowAgreement {
  agentPubkey: string
  lenderKey: string
  disputeWindowMs: number
}

export interface Quote {
  id: string
  principal: Amount
  centsPerBtc: Amount
  collateralSat: Amount
  principalMsat: Amount
  expiresAtMs: number
  terms: {
    ltvBps: Amount
    marginCallLtvBps: Amount
    liquidationLtvBps: Amount
    aprBps: Amount
    penaltyBps: Amount
    termSeconds: number
  }
  /** v2: the escrow agent the wallet picked among the desk's. */
  escrow?: EscrowAgreement
}

export interface LoanEvent {
  seq: number
  atMs: number
  type: string
  data: Record<string, unknown>
}

export interface WalletLoan {
  loan: {
    id: string
    state: string
    collateralSat: Amount
    agreement: {
      protocol: 'btcfi-loan/1' | 'btcfi-loan/2'
      escrow?: EscrowAgreement
      principal: Amount
      centsPerBtc: Amount
      collateralSat: Amount
      ltvBps: Amount
      marginCallLtvBps: Amount
      liquidationLtvBps: Amount
      aprBps: Amount
    }
    locks: { id: string; state: string; amountSat: Amount; paymentHash: string }[]
    disbursement?: { status: string; amountMsat: Amount }
    interest: { accruedMsat: Amount; paidMsat: Amount; arrearsMsat: Amount }
    marginCall?: { atMs: number; ltvBps: Amount }
    liquidation?: {
      centsPerBtc: Amount
      collateralSat: Amount
      keepSat: Amount
      surplusSat: Amount
      surplusStatus?: string
    }
  }
  centsPerBtc: Amount
  ltvBps: Amount | null
  events: LoanEvent[]
  lock: 'HELD' | 'RELEASED' | 'SEIZED' | 'PENDING'
  surplus?: { expectedSat: Amount; receivedMsat: Amount; ok: boolean }
  /** v2: the escrow agent, and its word on the lock (undefined when it did not answer). */
  escrow?: {
    agentPubkey: string
    url?: string
    paymentHash?: string
    status?: {
      heldAtMs: number
      released?: { atMs: number; ground: 'liquidation' | 'lock-deadline' | 'default' }
      windowEndsAtMs?: number
    }
  }
}

export interface WalletInfo {
  pubkey: string
  alias: string
  channelMsat: Amount
  pendingMsat: Amount
  onchainSat: Amount
  streams: { id: string; sentMsat: Amount; payments: number }[]
}

export interface AdminSummary {
  centsPerBtc: Amount
  canSetPrice: boolean
  merchantMsat: Amount
  revenue: { atMs: number; amountMsat: Amount; kind: string; paymentHash: string }[]
  orders: Order[]
  sessions: MeterSession[]
  loans: {
    id: string
    state: string
    protocol: 'btcfi-loan/1' | 'btcfi-loan/2'
    escrowAgent?: string
    open: boolean
    principalCents: Amount
    collateralSat: Amount
    ltvBps: Amount | null
    marginCall: boolean
    surplusSat?: Amount
  }[]
  webhooks: WebhookSummary
}

/** The shop's Lightning Address and its LNURL. */
export interface TipsInfo {
  address: string
  url: string
  lnurl: string
  minSendableMsat: Amount
  maxSendableMsat: Amount
}

/** One entry of the merchant node's history (`listHistory`). */
export interface HistoryEntry {
  id: string
  kind: 'payment' | 'invoice' | 'forward' | 'onchain'
  atMs: number
  /** Signed msat: what it changed the node's funds by. */
  deltaMsat: Amount
  paymentHash?: string
  state?: string
  /** What the shop knows it was for (an order, a tip). */
  purpose?: string
}

export interface HistoryPage {
  entries: HistoryEntry[]
  cursor: string
  hasMore: boolean
}

/** What the app's webhook endpoint received. */
export interface WebhookSummary {
  verified: number
  duplicates: number
  rejected: number
  failed: number
  recent: { id: string; type: string; paymentHash?: string; orderId?: string; atMs: number }[]
}

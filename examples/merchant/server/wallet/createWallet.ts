import { randomBytes } from 'node:crypto'
import {
  type Agent,
  createAgent,
  type EscrowClient,
  escrowClient,
  finalLoanStates,
  type LoanView,
  type LockHandle,
  type Quote,
} from '@btcfi/loans'
import type { LightningClient } from '@btcfi/sdk'
import { createStream, type Stream } from '@btcfi/stream'
import { listeners } from '../http/listeners.js'
import { loanLtv } from './loanLtv.js'
import type { WalletEscrow, WalletLoan } from './WalletLoan.js'

export interface WalletParameters {
  /** The customer's node. */
  client: LightningClient
  /** The loan desk the wallet borrows from. */
  deskUrl: string
  /** BTC/USD now, US cents per bitcoin (for the LTV meter). */
  price: () => Promise<bigint>
  /**
   * Borrow under protocol v2: the desk's first escrow agent holds each lock's
   * preimage, drawn by the wallet, so the desk can take the collateral only
   * on evidence the agent checks. Default false: v1 (the desk holds it).
   */
  escrow?: boolean
}

/** The lock an escrow agent's word matters for: the one that took the collateral, else the one holding it. */
function escrowedLock(view: LoanView) {
  const latest = (state: string) => [...view.locks].reverse().find((l) => l.state === state)
  return latest('SETTLED') ?? latest('ACCEPTED') ?? view.locks.at(-1)
}

export type Wallet = ReturnType<typeof createWallet>

/**
 * The customer's wallet, on the customer's node through the SDK: it pays
 * invoices, runs payment streams and borrows from a loan desk (an agent that
 * signs with the node key). In a real shop this is the customer's own app.
 */
export function createWallet({ client, deskUrl, price, escrow = false }: WalletParameters) {
  const agent: Agent = createAgent({ client, deskUrl, ...(escrow && { escrow: {} }) })
  const escrowClients = new Map<string, EscrowClient>()
  const quotes = new Map<string, Quote>()
  const streams = new Map<string, Stream>()
  const locks = new Map<string, LockHandle>()
  const outcomes = new Map<string, WalletLoan['lock']>()
  const loanUpdates = listeners<WalletLoan>()
  const watches = new Map<string, () => void>()
  const secret = new Uint8Array(randomBytes(32))

  /** A v2 loan's escrow agent and its word on the lock (its status needs no key: it never shows the preimage). */
  async function escrowOf(view: LoanView): Promise<WalletEscrow | undefined> {
    const named = view.agreement.escrow
    if (!named) return undefined
    const url = (await agent.info()).escrowAgents?.find(
      (a) => a.pubkey.toLowerCase() === named.agentPubkey.toLowerCase(),
    )?.url
    const lock = escrowedLock(view)
    let status: WalletEscrow['status']
    if (url && lock) {
      let agentClient = escrowClients.get(url)
      if (!agentClient) {
        agentClient = escrowClient({ url, timeoutMs: 5_000 })
        escrowClients.set(url, agentClient)
      }
      status = await agentClient.status(lock.paymentHash).then(
        ({ heldAtMs, released, windowEndsAtMs }) => ({ heldAtMs, released, windowEndsAtMs }),
        () => undefined,
      )
    }
    return { agentPubkey: named.agentPubkey, url, paymentHash: lock?.paymentHash, status }
  }

  async function loan(id: string): Promise<WalletLoan> {
    const [view, events, centsPerBtc] = await Promise.all([
      agent.status(id),
      agent.events(id),
      price(),
    ])
    const [surplus, escrowView] = await Promise.all([
      view.state === 'LIQUIDATED' ? agent.checkSurplus(id) : undefined,
      escrowOf(view),
    ])
    return {
      loan: view,
      centsPerBtc,
      ltvBps: loanLtv(view, centsPerBtc),
      events,
      lock: outcomes.get(id) ?? (view.collateralSat > 0n ? 'HELD' : 'PENDING'),
      surplus,
      escrow: escrowView,
    }
  }

  function follow(id: string) {
    if (watches.has(id)) return
    const push = () =>
      loan(id)
        .then((update) => {
          loanUpdates.emit(id, update)
          if (finalLoanStates.includes(update.loan.state) && outcomes.has(id)) stop()
        })
        .catch(() => {})
    const stopEvents = agent.watch(id, { onEvent: push, intervalMs: 1_000 })
    const ticker = setInterval(push, 2_000) // the LTV follows the price between events
    const stop = () => {
      stopEvents()
      clearInterval(ticker)
      watches.delete(id)
    }
    watches.set(id, stop)
  }

  return {
    client,
    /** Whether the wallet borrows under protocol v2 (an escrow agent holds the preimage). */
    escrow,
    async balances() {
      const [info, balances, channel] = await Promise.all([
        client.getInfo(),
        client.getBalances(),
        client.getChannelBalance(),
      ])
      return {
        pubkey: info.pubkey,
        alias: info.alias,
        channelMsat: balances.channels.localMsat,
        pendingMsat: channel.unsettledLocalMsat,
        onchainSat: balances.onchain.confirmedSat,
      }
    },
    async pay(paymentRequest: string) {
      return client.payInvoice({ paymentRequest })
    },
    async startStream(parameters: {
      destination: string
      msatPerSecond: bigint
      metadata: Record<string, string>
    }) {
      const stream = createStream(client, {
        destination: parameters.destination,
        accrual: { msatPerSecond: parameters.msatPerSecond },
        sendIntervalMs: 1_000,
        secret,
        metadata: parameters.metadata,
      })
      await stream.start()
      streams.set(stream.id, stream)
      return stream.summary()
    },
    async stopStream(id: string) {
      const stream = streams.get(id)
      if (!stream) throw new RangeError(`No stream ${id}.`)
      streams.delete(id)
      return stream.stop()
    },
    streams: () => [...streams.values()].map((s) => s.summary()),
    async quote(principalCents: bigint) {
      const quote = await agent.quote({ principal: principalCents, currency: 'USD' })
      quotes.set(quote.id, quote)
      return quote
    },
    /** Signs the agreement and pays the collateral lock; the desk pays `paymentRequest` with the principal. */
    async borrow(quoteId: string, paymentRequest: string) {
      const quote = quotes.get(quoteId)
      if (!quote) throw new RangeError(`No quote ${quoteId}: ask for one first.`)
      const opened = await agent.open({ quote, disbursementInvoice: paymentRequest })
      quotes.delete(quoteId)
      const id = opened.loan.id
      locks.set(id, opened.lock)
      opened.lock.outcome.then((outcome) => {
        outcomes.set(
          id,
          outcome.status === 'released'
            ? 'RELEASED'
            : outcome.status === 'settled'
              ? 'SEIZED'
              : 'PENDING',
        )
      })
      follow(id)
      return loan(id)
    },
    loan,
    async repay(id: string) {
      const { payment } = await agent.repay(id)
      await locks.get(id)?.outcome
      return { payment, loan: await loan(id) }
    },
    subscribeLoan(id: string, listener: (loan: WalletLoan) => void) {
      follow(id)
      return loanUpdates.on(id, listener)
    },
    async close() {
      for (const stop of [...watches.values()]) stop()
      await Promise.all([...streams.values()].map((s) => s.stop().catch(() => {})))
    },
  }
}

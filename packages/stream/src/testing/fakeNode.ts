import {
  bytesToHex,
  type Hex,
  InvalidArgumentError,
  type Invoice,
  type NodeInfo,
} from '@btcfi/core'
import { type Client, createClient } from '@btcfi/sdk'
import { backendOf, type RpcHandlers } from '@btcfi/wire'
import { sha256 } from '@noble/hashes/sha2.js'

/**
 * A node for unit tests of stream receivers: keysends are pushed in by the
 * test and come out of `subscribeInvoices` (replayed from a settle index like
 * lnd does), and the node "signs" messages with a stand-in signature that
 * names the signer (`fake:<pubkey>:<sha256 of the message>`): enough to test
 * who vouches for what, not the cryptography (lnd does that).
 */
export interface FakeNode {
  pubkey: Hex
  client: Client
  /** Settles a keysend with these records (the next settle index) and tells the subscribers. */
  keysend(records: Record<string, Uint8Array>, amountMsat: bigint): Invoice
  /** What `signmessage` of `pubkey`'s node answers for `message`. */
  signatureOf(message: string, pubkey?: Hex): string
  /** The calls the backend received, by name. */
  calls: readonly string[]
}

const nodeInfo = (pubkey: Hex): NodeInfo => ({
  pubkey,
  alias: 'fake',
  color: '#000000',
  version: 'fake',
  commitHash: '',
  network: 'regtest',
  blockHeight: 1,
  blockHash: '00'.repeat(32),
  bestHeaderTimestamp: new Date(0),
  syncedToChain: true,
  syncedToGraph: true,
  numActiveChannels: 0,
  numInactiveChannels: 0,
  numPendingChannels: 0,
  numPeers: 0,
  uris: [],
  features: {},
})

const digestHex = (message: Uint8Array | string) =>
  bytesToHex(sha256(typeof message === 'string' ? new TextEncoder().encode(message) : message))

export function fakeNode(pubkey: Hex): FakeNode {
  const settled: Invoice[] = []
  const listeners = new Set<() => void>()
  let settleIndex = 0n

  const subscribeInvoices = async function* (
    request: { settleIndex?: bigint },
    options?: { signal?: AbortSignal },
  ): AsyncGenerator<Invoice> {
    // lnd: from a settle index, the settlements after it; without one, new ones only.
    let next = request.settleIndex === undefined ? settled.length : Number(request.settleIndex)
    while (!options?.signal?.aborted) {
      while (next < settled.length) yield settled[next++]!
      await new Promise<void>((resolve) => {
        const wake = () => {
          listeners.delete(wake)
          resolve()
        }
        listeners.add(wake)
        options?.signal?.addEventListener('abort', wake, { once: true })
      })
    }
  }

  const handlers: RpcHandlers = {
    getInfo: async () => nodeInfo(pubkey),
    subscribeInvoices,
    signMessage: async (message) => ({ signature: `fake:${pubkey}:${digestHex(message)}` }),
    verifyMessage: async ({ message, signature }) => {
      const [tag, signer, digest] = signature.split(':')
      if (tag !== 'fake' || !signer || !digest) {
        throw new InvalidArgumentError('signature', 'a signature lnd can parse')
      }
      // A signature of another message recovers some other key, like ECDSA recovery.
      const recovered = digest === digestHex(message) ? signer : `03${digest}`
      return { valid: true, pubkey: recovered }
    },
    listInvoices: async () => ({
      invoices: [...settled].reverse(),
      firstIndexOffset: 0n,
      lastIndexOffset: 0n,
    }),
  }
  const backend = backendOf(handlers)

  return {
    pubkey,
    client: createClient({ backend, reconnect: { initialDelayMs: 1, maxDelayMs: 5 } }),
    calls: backend.calls,
    keysend(records, amountMsat) {
      settleIndex += 1n
      const hash = digestHex(`payment-${settleIndex}`)
      const invoice: Invoice = {
        paymentHash: hash,
        paymentRequest: '',
        memo: '',
        valueMsat: 0n,
        amountPaidMsat: amountMsat,
        state: 'SETTLED',
        preimage: undefined,
        descriptionHash: undefined,
        paymentAddr: '00'.repeat(32),
        createdAt: new Date(0),
        settledAt: new Date(0),
        expirySeconds: 86_400,
        cltvExpiry: 80,
        isPrivate: false,
        isKeysend: true,
        isAmp: false,
        addIndex: settleIndex,
        settleIndex,
        htlcs: [
          {
            chanId: '1',
            htlcIndex: settleIndex,
            amountMsat,
            acceptHeight: 1,
            acceptTime: new Date(0),
            resolveTime: new Date(0),
            expiryHeight: 100,
            state: 'SETTLED',
            customRecords: records,
          },
        ],
      }
      settled.push(invoice)
      for (const wake of [...listeners]) wake()
      return invoice
    },
    signatureOf: (message, signer = pubkey) => `fake:${signer}:${digestHex(message)}`,
  }
}

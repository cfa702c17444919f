import { getInfo, lndGet, lndPost } from '../network/lndRest.js'
import type { Network, NodeHandle } from '../network/types.js'
import { sleep } from '../util/waitFor.js'

/** Something a test left on the shared network that the next test would trip over. */
export interface Leftover {
  /** The node it was found on (`test` for a process the test file started). */
  node: string
  kind: 'hold-invoice' | 'htlc' | 'node-down' | 'process'
  /** For a person: what it was and what was done about it. */
  detail: string
}

/** Where each node's invoices stood when a test began: what it creates after this is its own. */
export interface NetworkMark {
  /** The last invoice add index per node at the mark. */
  addIndex: Record<string, string>
}

interface LndInvoice {
  r_hash: string
  r_preimage?: string | null
  value_msat: string
  state: 'OPEN' | 'ACCEPTED' | 'SETTLED' | 'CANCELED'
  add_index: string
}

interface LndInvoiceList {
  invoices: LndInvoice[]
  last_index_offset: string
}

interface LndHtlc {
  incoming: boolean
  amount: string
  hash_lock: string
  expiration_height: number
}

/** Notes where each node's invoices stand. Nodes that do not answer are skipped. */
export async function markNetwork(network: Network): Promise<NetworkMark> {
  const addIndex: Record<string, string> = {}
  await Promise.all(
    Object.values(network.nodes).map(async (node) => {
      const last = await lndGet<LndInvoiceList>(
        node,
        '/v1/invoices?reversed=true&num_max_invoices=1',
      ).catch(() => undefined)
      if (last) addIndex[node.name] = last.invoices[0]?.add_index ?? '0'
    }),
  )
  return { addIndex }
}

/** The hold invoices (lnd has no preimage for them) created since the mark and still OPEN or ACCEPTED. */
async function openHoldInvoices(node: NodeHandle, since: string): Promise<LndInvoice[]> {
  const found: LndInvoice[] = []
  let offset = since
  for (;;) {
    const page = await lndGet<LndInvoiceList>(
      node,
      `/v1/invoices?pending_only=true&index_offset=${offset}&num_max_invoices=500`,
    )
    for (const invoice of page.invoices) {
      if ((invoice.state === 'OPEN' || invoice.state === 'ACCEPTED') && !invoice.r_preimage) {
        found.push(invoice)
      }
    }
    if (page.invoices.length === 0 || page.last_index_offset === offset) return found
    offset = page.last_index_offset
  }
}

async function pendingHtlcs(node: NodeHandle): Promise<LndHtlc[]> {
  const { channels } = await lndGet<{ channels: { pending_htlcs?: LndHtlc[] }[] }>(
    node,
    '/v1/channels',
  )
  return channels.flatMap((channel) => channel.pending_htlcs ?? [])
}

const hex = (base64: string) => Buffer.from(base64, 'base64').toString('hex')

export interface ClearLeftoversOptions {
  /** How long HTLCs may take to resolve once their hold invoices are canceled. Default 20 000 ms. */
  settleTimeoutMs?: number
}

/**
 * Puts the network back for the next test: starts a node left stopped,
 * cancels every hold invoice created since `mark` that is still open or
 * holds an HTLC, then waits until no HTLC is pending on any channel.
 * Returns what it found, so that the test that left it can be named.
 */
export async function clearLeftovers(
  network: Network,
  mark: NetworkMark,
  { settleTimeoutMs = 20_000 }: ClearLeftoversOptions = {},
): Promise<Leftover[]> {
  const found: Leftover[] = []
  const nodes: NodeHandle[] = []
  for (const node of Object.values(network.nodes)) {
    const up = await getInfo(node).then(
      () => true,
      () => false,
    )
    if (up) {
      nodes.push(node)
      continue
    }
    const restarted = await network.startNode(node.name).then(
      () => true,
      () => false,
    )
    // A node that cannot be reached is reported, and its invoices and HTLCs left alone.
    if (restarted) nodes.push(node)
    found.push({
      node: node.name,
      kind: 'node-down',
      detail: restarted
        ? 'was left stopped: started again'
        : 'does not answer (could not start it)',
    })
  }
  for (const node of nodes) {
    const since = mark.addIndex[node.name]
    if (since === undefined) continue
    for (const invoice of await openHoldInvoices(node, since)) {
      await lndPost(node, '/v2/invoices/cancel', { payment_hash: invoice.r_hash }).catch(() => {})
      found.push({
        node: node.name,
        kind: 'hold-invoice',
        detail: `${invoice.state} hold invoice ${hex(invoice.r_hash)} (${invoice.value_msat} msat): canceled`,
      })
    }
  }
  const deadline = Date.now() + settleTimeoutMs
  for (;;) {
    const pending = await Promise.all(
      nodes.map(async (node) => ({ node, htlcs: await pendingHtlcs(node) })),
    )
    const stuck = pending.filter((p) => p.htlcs.length > 0)
    if (stuck.length === 0) return found
    if (Date.now() > deadline) {
      for (const { node, htlcs } of stuck) {
        for (const htlc of htlcs) {
          found.push({
            node: node.name,
            kind: 'htlc',
            detail: `${htlc.incoming ? 'incoming' : 'outgoing'} HTLC ${hex(htlc.hash_lock)} of ${htlc.amount} sat still pending (expires at height ${htlc.expiration_height})`,
          })
        }
      }
      return found
    }
    await sleep(200)
  }
}

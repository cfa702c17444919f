import { randomBytes } from 'node:crypto'
import { type HttpJsonTarget, httpJson, httpNdjson } from '../rpc/httpJson.js'
import { waitFor } from '../util/waitFor.js'
import type { NodeHandle } from './types.js'

// The harness's own minimal view of lnd's REST API: just what it needs to set
// a network up. The SDK's client is what the tests exercise, not this.

function target(node: NodeHandle): HttpJsonTarget {
  return {
    url: node.restUrl,
    ca: node.tlsCert,
    headers: { 'Grpc-Metadata-macaroon': node.macaroons.admin },
  }
}

export function lndGet<T>(node: NodeHandle, path: string): Promise<T> {
  return httpJson<T>(target(node), 'GET', path)
}

export function lndPost<T>(node: NodeHandle, path: string, body: unknown): Promise<T> {
  return httpJson<T>(target(node), 'POST', path, body)
}

export interface LndInfo {
  identity_pubkey: string
  block_height: number
  synced_to_chain: boolean
  synced_to_graph: boolean
  num_active_channels: number
}

export function getInfo(node: NodeHandle): Promise<LndInfo> {
  return lndGet<LndInfo>(node, '/v1/getinfo')
}

export async function newAddress(node: NodeHandle): Promise<string> {
  const reply = await lndGet<{ address: string }>(node, '/v1/newaddress?type=WITNESS_PUBKEY_HASH')
  return reply.address
}

export async function confirmedBalanceSat(node: NodeHandle): Promise<bigint> {
  const reply = await lndGet<{ confirmed_balance: string }>(node, '/v1/balance/blockchain')
  return BigInt(reply.confirmed_balance)
}

/** Waits until the node has caught up with the chain at `height` or above. */
export function waitSynced(node: NodeHandle, height: number, timeoutMs = 60_000): Promise<LndInfo> {
  return waitFor(
    async () => {
      const info = await getInfo(node)
      return info.synced_to_chain && info.block_height >= height && info
    },
    { what: `${node.name} synced to height ${height}`, timeoutMs },
  )
}

export async function connectPeer(from: NodeHandle, to: NodeHandle): Promise<void> {
  await lndPost(from, '/v1/peers', {
    addr: { pubkey: to.pubkey, host: to.p2pHost },
    perm: false,
  }).catch((error: unknown) => {
    if (!String(error).includes('already connected')) throw error
  })
}

/** Opens a channel and returns its channel point (`txid:index`) once the funding tx is broadcast. */
export async function openChannel(
  from: NodeHandle,
  to: NodeHandle,
  capacitySat: bigint,
  pushSat: bigint,
): Promise<string> {
  await connectPeer(from, to)
  const reply = await lndPost<{ funding_txid_bytes: string; output_index: number }>(
    from,
    '/v1/channels',
    {
      node_pubkey: Buffer.from(to.pubkey, 'hex').toString('base64'),
      local_funding_amount: capacitySat.toString(),
      push_sat: pushSat.toString(),
      sat_per_vbyte: '2',
    },
  )
  // lnd returns the funding txid in internal (reversed) byte order.
  const txid = Buffer.from(reply.funding_txid_bytes, 'base64').reverse().toString('hex')
  return `${txid}:${reply.output_index}`
}

interface LndChannel {
  channel_point: string
  active: boolean
}

export async function listChannels(node: NodeHandle): Promise<LndChannel[]> {
  const reply = await lndGet<{ channels: LndChannel[] }>(node, '/v1/channels')
  return reply.channels
}

export function waitChannelsActive(
  node: NodeHandle,
  channelPoints: readonly string[],
  timeoutMs = 60_000,
): Promise<true> {
  return waitFor(
    async () => {
      const channels = await listChannels(node)
      return channelPoints.every((point) =>
        channels.some((c) => c.channel_point === point && c.active),
      )
    },
    { what: `${node.name}'s channels active`, timeoutMs },
  )
}

/** Waits until the node's graph holds at least `count` channels with both policies. */
export function waitGraph(node: NodeHandle, count: number, timeoutMs = 60_000): Promise<true> {
  return waitFor(
    async () => {
      const graph = await lndGet<{ edges: { node1_policy: unknown; node2_policy: unknown }[] }>(
        node,
        '/v1/graph',
      )
      return graph.edges.filter((e) => e.node1_policy && e.node2_policy).length >= count
    },
    { what: `${node.name}'s graph to hold ${count} channels`, timeoutMs },
  )
}

export interface LndPaymentResult {
  status: string
  failure_reason: string
  fee_msat: string
  htlcs: { status: string; route: { hops: { pub_key: string }[] } }[]
}

/** Sends a payment with lnd's router and returns its final state. */
export async function sendPayment(
  from: NodeHandle,
  body: Record<string, unknown>,
): Promise<LndPaymentResult> {
  let final: LndPaymentResult | undefined
  await httpNdjson(
    target(from),
    'POST',
    '/v2/router/send',
    { timeout_seconds: 30, fee_limit_sat: '100', ...body },
    (line) => {
      const message = line as { result?: LndPaymentResult; error?: { message: string } }
      if (message.error) throw new Error(`payment: ${message.error.message}`)
      const result = message.result
      if (!result || result.status === 'IN_FLIGHT' || result.status === 'INITIATED') return false
      final = result
      return true
    },
  )
  if (!final) throw new Error('payment: lnd ended the stream without a final state')
  return final
}

/**
 * Probes a route: a payment to `to` with a hash nobody knows. The destination
 * failing it as unknown proves the route carries money, without moving any.
 */
export async function probe(
  from: NodeHandle,
  to: NodeHandle,
  amountMsat = 1000n,
): Promise<boolean> {
  const result = await sendPayment(from, {
    dest: Buffer.from(to.pubkey, 'hex').toString('base64'),
    amt_msat: amountMsat.toString(),
    payment_hash: randomBytes(32).toString('base64'),
    timeout_seconds: 10,
  })
  return result.failure_reason === 'FAILURE_REASON_INCORRECT_PAYMENT_DETAILS'
}

/** Closes a channel and returns once lnd has broadcast the closing transaction. */
export async function closeChannel(
  node: NodeHandle,
  channelPoint: string,
  force: boolean,
): Promise<void> {
  const [txid, index] = channelPoint.split(':')
  let pending = false
  await httpNdjson(
    target(node),
    'DELETE',
    // lnd refuses a fee rate on a force close (it uses the commitment's).
    `/v1/channels/${txid}/${index}?force=${force}${force ? '' : '&sat_per_vbyte=2'}`,
    undefined,
    (line) => {
      const message = line as { result?: { close_pending?: unknown }; error?: { message: string } }
      if (message.error) throw new Error(`close ${channelPoint}: ${message.error.message}`)
      pending = Boolean(message.result?.close_pending)
      return pending
    },
  )
  if (!pending) throw new Error(`close ${channelPoint}: lnd ended the stream before broadcasting`)
}

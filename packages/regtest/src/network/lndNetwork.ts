import { waitFor } from '../util/waitFor.js'
import {
  closeChannel,
  confirmedBalanceSat,
  connectPeer,
  lndGet,
  lndPost,
  newAddress,
  openChannel,
  probe,
  waitChannelsActive,
  waitGraph,
  waitSynced,
} from './lndRest.js'
import type { BtcdHandle, ChannelSpec, Network, NodeHandle, OpenedChannel } from './types.js'

export const DEFAULT_NODES = ['alice', 'bob', 'carol'] as const

/**
 * The default topology: a line through the nodes in order (alice–bob, bob–carol),
 * 10M sat each with half pushed to the far side, so that both sides can pay.
 */
export function lineTopology(names: readonly string[]): ChannelSpec[] {
  return names.slice(1).map((to, i) => ({
    from: names[i]!,
    to,
    capacitySat: 10_000_000n,
    pushSat: 5_000_000n,
  }))
}

/** Blocks after which lnd announces a channel to the network. */
const ANNOUNCEMENT_CONFIRMATIONS = 6

export interface LndNetworkParts {
  kind: Network['kind']
  /** The network's btcd, when the harness started it. */
  btcd?: BtcdHandle
  nodes: Record<string, NodeHandle>
  /** The node whose wallet holds the mined coins. */
  miner: string
  height(): Promise<number>
  generate(blocks: number): Promise<string[]>
  /** Whether a node's lnd runs (a stopped node is not waited for when mining). */
  isRunning(name: string): boolean
  /** Process controls; absent for networks the harness did not start. */
  control: Pick<Network, 'stopNode' | 'killNode' | 'startNode' | 'stop'>
}

/**
 * The chain- and lnd-level controls shared by a spawned network and an
 * attached Polar one: mining, funding, channels, restarts.
 */
export function createLndNetwork(parts: LndNetworkParts): Network & {
  setUp(params: {
    fundSat: bigint
    channels: readonly ChannelSpec[]
    onProgress: (line: string) => void
  }): Promise<void>
} {
  const { nodes } = parts
  const opened: OpenedChannel[] = []
  const node = (name: string): NodeHandle => {
    const handle = nodes[name]
    if (!handle) throw new Error(`no node named ${name}; nodes: ${Object.keys(nodes).join(', ')}`)
    return handle
  }
  const running = () => Object.values(nodes).filter((n) => parts.isRunning(n.name))

  const mine = async (blocks: number): Promise<string[]> => {
    if (!Number.isInteger(blocks) || blocks < 1)
      throw new Error('mine: blocks must be a positive integer')
    const hashes: string[] = []
    for (let left = blocks; left > 0; left -= 100)
      hashes.push(...(await parts.generate(Math.min(100, left))))
    const height = await parts.height()
    await Promise.all(running().map((n) => waitSynced(n, height)))
    return hashes
  }

  const fundMany = async (amounts: Record<string, bigint>): Promise<void> => {
    const miner = node(parts.miner)
    const total = Object.values(amounts).reduce((sum, sat) => sum + sat, 0n)
    // The wallet sees mined coins a moment after lnd reports the chain synced.
    await waitFor(async () => (await confirmedBalanceSat(miner)) > total, {
      what: `${miner.name}'s wallet to hold ${total} sat`,
    })
    const addrToAmount: Record<string, string> = {}
    const before = new Map<string, bigint>()
    for (const [name, sat] of Object.entries(amounts)) {
      addrToAmount[await newAddress(node(name))] = sat.toString()
      before.set(name, await confirmedBalanceSat(node(name)))
    }
    await lndPost(miner, '/v1/transactions/many', {
      AddrToAmount: addrToAmount,
      sat_per_vbyte: '2',
    })
    await mine(1)
    await Promise.all(
      Object.entries(amounts).map(([name, sat]) =>
        waitFor(async () => (await confirmedBalanceSat(node(name))) >= before.get(name)! + sat, {
          what: `${name}'s funds confirmed`,
        }),
      ),
    )
  }

  /** Waits until the channels are active at both ends, announced, and routes carry payments. */
  const waitUsable = async (channels: readonly OpenedChannel[]) => {
    await Promise.all(
      channels.flatMap((c) => [
        waitChannelsActive(node(c.from), [c.channelPoint]),
        waitChannelsActive(node(c.to), [c.channelPoint]),
      ]),
    )
    const total = opened.length
    await Promise.all(running().map((n) => waitGraph(n, total)))
    for (const c of channels) {
      for (const [from, to] of [
        [c.from, c.to],
        [c.to, c.from],
      ] as const) {
        await waitFor(() => probe(node(from), node(to)), {
          what: `a route ${from} → ${to}`,
          intervalMs: 250,
        })
      }
    }
  }

  const openMany = async (specs: readonly ChannelSpec[]): Promise<OpenedChannel[]> => {
    const fresh: OpenedChannel[] = []
    for (const spec of specs) {
      const channelPoint = await openChannel(
        node(spec.from),
        node(spec.to),
        spec.capacitySat,
        spec.pushSat ?? 0n,
      )
      fresh.push({ from: spec.from, to: spec.to, channelPoint })
    }
    opened.push(...fresh)
    await mine(ANNOUNCEMENT_CONFIRMATIONS)
    await waitUsable(fresh)
    return fresh
  }

  return {
    kind: parts.kind,
    ...(parts.btcd ? { btcd: parts.btcd } : {}),
    nodes,
    node,
    channels: () => [...opened],
    height: parts.height,
    mine,
    fund: (name, amountSat) => fundMany({ [name]: amountSat }),
    async openChannel(spec) {
      const [channel] = await openMany([spec])
      return channel!
    },
    async closeChannel({ node: name, channelPoint, force = false }) {
      await closeChannel(node(name), channelPoint, force)
      const index = opened.findIndex((c) => c.channelPoint === channelPoint)
      if (index >= 0) opened.splice(index, 1)
      // The closing transaction reaches btcd a moment after lnd reports it:
      // mine until it is confirmed. A force close's outputs stay time-locked
      // for its CSV delay: confirmed is when lnd lists it as force-closing.
      await waitFor(
        async () => {
          await mine(1)
          if (force) {
            const pending = await lndGet<{
              pending_force_closing_channels: { channel: { channel_point: string } }[]
            }>(node(name), '/v1/channels/pending')
            return pending.pending_force_closing_channels.some(
              (c) => c.channel.channel_point === channelPoint,
            )
          }
          const closed = await lndGet<{ channels: { channel_point: string }[] }>(
            node(name),
            '/v1/channels/closed',
          )
          return closed.channels.some((c) => c.channel_point === channelPoint)
        },
        { what: `${channelPoint} closed`, intervalMs: 200 },
      )
    },
    stopNode: parts.control.stopNode,
    killNode: parts.control.killNode,
    startNode: async (name) => {
      await parts.control.startNode(name)
      await waitSynced(node(name), await parts.height())
      const ownChannels = opened.filter((c) => c.from === name || c.to === name)
      for (const c of ownChannels)
        await connectPeer(node(c.from === name ? c.to : c.from), node(name)).catch(() => {})
      await waitUsable(ownChannels)
    },
    async restartNode(name) {
      await parts.control.stopNode(name)
      await this.startNode(name)
    },
    stop: parts.control.stop,
    async setUp({ fundSat, channels, onProgress }) {
      const others = Object.keys(nodes).filter((name) => name !== parts.miner)
      if (others.length > 0) {
        onProgress(`funding ${others.join(', ')} with ${fundSat} sat each`)
        await fundMany(Object.fromEntries(others.map((name) => [name, fundSat])))
      }
      if (channels.length > 0) {
        onProgress(
          `opening channels ${channels.map((c) => `${c.from}→${c.to} (${c.capacitySat} sat)`).join(', ')}`,
        )
        await openMany(channels)
      }
    },
  }
}

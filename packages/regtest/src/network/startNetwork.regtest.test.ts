import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { processesMentioning } from '../testing/processes.js'
import { waitFor } from '../util/waitFor.js'
import { getTestNetwork } from '../vitest/getTestNetwork.js'
import {
  confirmedBalanceSat,
  getInfo,
  listChannels,
  lndGet,
  lndPost,
  sendPayment,
} from './lndRest.js'
import { startNetwork } from './startNetwork.js'
import type { NodeHandle } from './types.js'

interface RestChannel {
  channel_point: string
  remote_pubkey: string
  capacity: string
  local_balance: string
  remote_balance: string
  commit_fee: string
  active: boolean
}

async function channelsOf(node: NodeHandle): Promise<RestChannel[]> {
  return (await lndGet<{ channels: RestChannel[] }>(node, '/v1/channels')).channels
}

/** Pays `to` from `from` over raw REST; returns lnd's final payment. */
async function payRaw(from: NodeHandle, to: NodeHandle, sat: number) {
  const invoice = await lndPost<{ payment_request: string; r_hash: string }>(to, '/v1/invoices', {
    value: String(sat),
    memo: 'harness test',
  })
  const payment = await sendPayment(from, { payment_request: invoice.payment_request })
  const rHashHex = Buffer.from(invoice.r_hash, 'base64').toString('hex')
  const settled = await lndGet<{ state: string; amt_paid_sat: string }>(
    to,
    `/v1/invoice/${rHashHex}`,
  )
  return { payment, settled }
}

describe('the regtest network', () => {
  it('moves the chain height when mining, on every node', async () => {
    const net = await getTestNetwork()
    const before = await net.height()
    const hashes = await net.mine(3)
    expect(hashes).toHaveLength(3)
    expect(await net.height()).toBe(before + 3)
    for (const node of Object.values(net.nodes)) {
      expect((await getInfo(node)).block_height).toBe(before + 3)
    }
  })

  it('routes a payment from alice to carol through bob', async () => {
    const net = await getTestNetwork()
    const { alice, bob, carol } = net.nodes as Record<string, NodeHandle>
    const { payment, settled } = await payRaw(alice!, carol!, 1_234)
    expect(payment.status).toBe('SUCCEEDED')
    // One hop through bob: bob's fee is his base fee (1 sat) plus 1 ppm, rounded down.
    expect(payment.fee_msat).toBe('1001')
    const succeeded = payment.htlcs.find((h) => h.status === 'SUCCEEDED')
    expect(succeeded?.route.hops.map((h) => h.pub_key)).toEqual([bob!.pubkey, carol!.pubkey])
    expect(settled).toMatchObject({ state: 'SETTLED', amt_paid_sat: '1234' })
  })

  it('funds a node from the miner', async () => {
    const net = await getTestNetwork()
    const before = await confirmedBalanceSat(net.node('carol'))
    await net.fund('carol', 123_000n)
    expect(await confirmedBalanceSat(net.node('carol'))).toBe(before + 123_000n)
  })

  it('opens and closes a channel on demand', async () => {
    const net = await getTestNetwork()
    const opened = await net.openChannel({
      from: 'carol',
      to: 'alice',
      capacitySat: 1_000_000n,
      pushSat: 100_000n,
    })
    expect(net.channels()).toContainEqual(opened)
    const [channel] = (await channelsOf(net.node('carol'))).filter(
      (c) => c.channel_point === opened.channelPoint,
    )
    expect(channel).toMatchObject({ active: true, capacity: '1000000', remote_balance: '100000' })
    await net.closeChannel({ node: 'carol', channelPoint: opened.channelPoint })
    expect(net.channels()).not.toContainEqual(opened)
    expect((await channelsOf(net.node('alice'))).map((c) => c.channel_point)).not.toContain(
      opened.channelPoint,
    )

    const forced = await net.openChannel({ from: 'carol', to: 'alice', capacitySat: 1_000_000n })
    await net.closeChannel({ node: 'carol', channelPoint: forced.channelPoint, force: true })
    expect((await channelsOf(net.node('carol'))).map((c) => c.channel_point)).not.toContain(
      forced.channelPoint,
    )
  })

  it('brings a killed node back with its channels active', async () => {
    const net = await getTestNetwork()
    const { alice, bob, carol } = net.nodes as Record<string, NodeHandle>
    await net.killNode('bob')
    await waitFor(async () => !(await listChannels(alice!)).some((c) => c.active), {
      what: 'alice to see bob gone',
    })
    await net.startNode('bob')
    const active = (await channelsOf(bob!)).filter((c) => c.active)
    expect(active.map((c) => c.remote_pubkey).sort()).toEqual([alice!.pubkey, carol!.pubkey].sort())
    const { settled } = await payRaw(alice!, carol!, 777)
    expect(settled.state).toBe('SETTLED')
  })
})

describe('process lifetime', () => {
  it('starts the default topology with its balances, and leaves nothing behind after stop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'btcfi-stop-test-'))
    const net = await startNetwork({ dir })
    try {
      expect(processesMentioning(dir).length).toBe(4) // btcd, alice, bob, carol
      const { alice, bob, carol } = net.nodes as Record<string, NodeHandle>
      // alice–bob and bob–carol: 10M sat each, 5M pushed to the far side.
      for (const [opener, peer] of [
        [alice!, bob!],
        [bob!, carol!],
      ] as const) {
        const [mine] = (await channelsOf(opener)).filter((c) => c.remote_pubkey === peer.pubkey)
        const [theirs] = (await channelsOf(peer)).filter((c) => c.remote_pubkey === opener.pubkey)
        expect(mine).toMatchObject({
          active: true,
          capacity: '10000000',
          remote_balance: '5000000',
        })
        expect(theirs).toMatchObject({ active: true, local_balance: '5000000' })
        // The opener pays the commitment fee and the two 330-sat anchors.
        expect(BigInt(mine!.local_balance) + BigInt(mine!.commit_fee) + 660n).toBe(5_000_000n)
      }
      // carol was funded with 5 BTC and opened nothing; bob paid for one channel.
      expect(await confirmedBalanceSat(carol!)).toBe(500_000_000n)
      const bobOnchain = await confirmedBalanceSat(bob!)
      expect(bobOnchain).toBeLessThan(490_000_000n)
      expect(bobOnchain).toBeGreaterThan(490_000_000n - 10_000n)
    } finally {
      await net.stop()
    }
    expect(processesMentioning(dir)).toEqual([])
  })

  it('kills the network when the process that started it is killed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'btcfi-crash-test-'))
    const script = `
      import { startNetwork } from '@btcfi/regtest'
      await startNetwork({ nodes: ['solo'], channels: [], dir: ${JSON.stringify(dir)} })
      console.log('ready')
      setInterval(() => {}, 1000)
    `
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve()
      })
      child.on('exit', (code) => reject(new Error(`the starter exited early (${code})`)))
    })
    expect(processesMentioning(dir).length).toBeGreaterThanOrEqual(2)
    child.kill('SIGKILL')
    await waitFor(() => processesMentioning(dir).length === 0, {
      what: 'the watchdog to kill the orphaned daemons',
      timeoutMs: 15_000,
    })
    expect(processesMentioning(dir)).toEqual([])
  })
})

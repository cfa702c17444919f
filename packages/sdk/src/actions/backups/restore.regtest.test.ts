import { readFile } from 'node:fs/promises'
import { request } from 'node:https'
import type { ChannelBackupSnapshot } from '@btcfi/core'
import { getTestNetwork, type SeededNode, startSeededNode } from '@btcfi/regtest/vitest'
import { afterAll, expect, it, onTestFinished } from 'vitest'
import type { LightningClient } from '../../client/lightningActions.js'
import { clientFor } from '../../testing/clients.js'

const net = await getTestNetwork()
const bobNode = net.node('bob')
const alice = clientFor(net.node('alice'))
const bob = clientFor(bobNode)

/** dave's on-chain funds, from the miner. */
const FUNDED_SAT = 1_000_000n
/** bob's channel to dave. */
const CAPACITY_SAT = 1_000_000n
/** What bob pays dave over it: half a sat more than 250 000 sat. */
const PAID_MSAT = 250_000_500n

const started: SeededNode[] = []
let davePubkey: string | undefined

afterAll(async () => {
  // bob's channel with dave is ended even if a node fails to stop.
  try {
    await Promise.allSettled(started.map((node) => node.stop()))
  } finally {
    if (davePubkey) await endBobsChannelsWith(davePubkey)
  }
}, 300_000)

it('restores a lost node from its seed and a channel backup: the channel balance comes back on chain', async () => {
  // dave: a node with a seed, his on-chain funds and a channel with bob.
  const dave = await startSeededNode({ network: net, name: 'dave' })
  started.push(dave)
  davePubkey = dave.node.pubkey
  const daveClient = clientFor(dave.node)
  await alice.sendCoins({
    address: await daveClient.newAddress(),
    amountSat: FUNDED_SAT,
    satPerVbyte: 2n,
  })
  await mineFor(daveClient, 1)
  await expect
    .poll(async () => (await daveClient.getOnchainBalance()).confirmedSat, { timeout: 30_000 })
    .toBe(FUNDED_SAT)

  const snapshots: ChannelBackupSnapshot[] = []
  const unwatch = daveClient.watchChannelBackups({ onBackup: (s) => snapshots.push(s) })
  onTestFinished(unwatch)
  // dave dials bob: the backup keeps the address bob listens on, to dial him after the restore.
  await daveClient.connectPeer({ pubkey: bobNode.pubkey, host: bobNode.p2pHost })
  const point = await bob.openChannel({
    pubkey: dave.node.pubkey,
    localFundingSat: CAPACITY_SAT,
    isPrivate: true,
    satPerVbyte: 2n,
  })
  const channelPoint = `${point.txid}:${point.outputIndex}`
  await mineFor(daveClient, 1)
  for (const client of [bob, daveClient])
    await expect
      .poll(
        async () =>
          (await client.listChannels()).find((c) => c.channelPoint === channelPoint)?.active,
        { timeout: 30_000 },
      )
      .toBe(true)
  await expect
    .poll(() => snapshots.at(-1)?.multi.channelPoints, { timeout: 30_000 })
    .toEqual([point])
  const watched = snapshots.at(-1)
  // bob's router knows the channel a moment after it is active.
  await expect
    .poll(
      async () =>
        (await bob.queryRoutes({ pubkey: dave.node.pubkey, amountMsat: PAID_MSAT }).catch(() => []))
          .length,
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0)
  const invoice = await daveClient.createInvoice({ amountMsat: PAID_MSAT, memo: 'before the loss' })
  const payment = await bob.payInvoice({ paymentRequest: invoice.paymentRequest })
  expect(payment).toMatchObject({ status: 'SUCCEEDED', valueMsat: PAID_MSAT, feeMsat: 0n })

  // before: what dave has, once the payment's HTLC is settled into the commitment.
  await expect
    .poll(async () => (await daveClient.getChannelBalance()).localMsat, { timeout: 30_000 })
    .toBe(PAID_MSAT)
  const channelBefore = await daveClient.getChannelBalance()
  const onchainBefore = await daveClient.getOnchainBalance()
  expect(channelBefore).toMatchObject({ localMsat: PAID_MSAT, unsettledLocalMsat: 0n })
  expect(onchainBefore).toMatchObject({ confirmedSat: FUNDED_SAT, unconfirmedSat: 0n })

  // The backup: exported now, and the one the watcher delivered when the channel opened; dave
  // can read both.
  const backup = await daveClient.exportChannelBackups()
  expect(backup.multi.channelPoints).toEqual([point])
  expect(await daveClient.verifyChannelBackup({ multi: backup.multi.backup })).toEqual([point])
  expect(await daveClient.verifyChannelBackup({ multi: watched!.multi.backup })).toEqual([point])
  unwatch()

  // The data is lost: lnd stops, its data dir is removed. The seed and the backup are left.
  await dave.stop()

  // A new node from the seed: same identity, on-chain funds found again by the rescan, no channel.
  const restored = await startSeededNode({ network: net, name: 'dave', mnemonic: dave.mnemonic })
  started.push(restored)
  const daveAgain = clientFor(restored.node)
  expect(restored.node.pubkey).toBe(dave.node.pubkey)
  await expect
    .poll(async () => (await daveAgain.getOnchainBalance()).confirmedSat, { timeout: 60_000 })
    .toBe(FUNDED_SAT)
  expect(await daveAgain.listChannels()).toEqual([])

  // The restore: dave dials bob, tells him he lost his state, bob force-closes.
  expect(await daveAgain.restoreChannelBackups({ multi: backup.multi.backup })).toBe(1)
  await expect
    .poll(
      async () =>
        (await bob.listPendingChannels()).find((c) => c.channelPoint === channelPoint)?.kind,
      { timeout: 60_000 },
    )
    .toMatch(/waiting_close|force_closing/)
  // Mine until bob's commitment is confirmed and dave's output on it is swept to his wallet.
  await expect
    .poll(
      async () => {
        await mineFor(daveAgain, 1)
        const pending = await daveAgain.listPendingChannels()
        const balance = await daveAgain.getOnchainBalance()
        return pending.length === 0 && balance.unconfirmedSat === 0n && balance.confirmedSat
      },
      { timeout: 120_000, interval: 1_000 },
    )
    .toBeGreaterThan(FUNDED_SAT)

  // after: dave's on-chain wallet, what lnd reports of the close and the sweep, and the chain.
  const onchainAfter = await daveAgain.getOnchainBalance()
  const closed = (await daveAgain.listClosedChannels()).find((c) => c.channelPoint === channelPoint)
  expect(closed).toMatchObject({ closeType: 'REMOTE_FORCE_CLOSE', capacitySat: CAPACITY_SAT })
  // The commitment holds whole sat: the 500 msat below the sat went to its fee, not to dave.
  const balanceSat = channelBefore.localMsat / 1000n
  expect(closed!.settledBalanceSat).toBe(balanceSat)
  // The wallet's history: the funding from before the loss, found by the rescan, and the sweep.
  const history = await daveAgain.listTransactions()
  expect(history).toHaveLength(2)
  const sweep = history.find((t) => t.amountSat !== FUNDED_SAT)!
  expect(sweep.outputs).toEqual([expect.objectContaining({ isOurs: true })])
  // The sweep spends dave's output on bob's commitment; lnd does not count its fee as the
  // wallet's (it spends no coin of the wallet): the chain gives it.
  const sweepTx = await chainTransaction(sweep.txid)
  expect(sweepTx.vin).toHaveLength(1)
  expect(sweepTx.vin[0]!.txid).toBe(closed!.closingTxid)
  const commitment = await chainTransaction(closed!.closingTxid)
  const daveOutputSat = satOf(commitment.vout[sweepTx.vin[0]!.vout]!.value)
  expect(daveOutputSat).toBe(closed!.settledBalanceSat)
  const sweepFeeSat = daveOutputSat - satOf(sweepTx.vout[0]!.value)
  expect(sweepFeeSat).toBe(daveOutputSat - sweep.amountSat)
  expect(sweepFeeSat).toBeGreaterThan(0n)
  // The equation: what dave had on chain, plus his channel balance in whole sat, less the sweep's fee.
  expect(onchainAfter.confirmedSat).toBe(onchainBefore.confirmedSat + balanceSat - sweepFeeSat)
  expect(await daveAgain.getChannelBalance()).toMatchObject({
    localMsat: 0n,
    unsettledLocalMsat: 0n,
  })

  console.log(
    [
      'channel backup restore (dave, bob force-closes):',
      `  before: channel ${channelBefore.localMsat} msat, on chain ${onchainBefore.confirmedSat} sat`,
      `  close:  settled ${closed!.settledBalanceSat} sat (${channelBefore.localMsat % 1000n} msat below the sat left out)`,
      `  sweep:  ${sweep.amountSat} sat to the wallet, fee ${sweepFeeSat} sat`,
      `  after:  channel 0 msat, on chain ${onchainAfter.confirmedSat} sat = ${onchainBefore.confirmedSat} + ${balanceSat} - ${sweepFeeSat}`,
    ].join('\n'),
  )

  // bob paid dave what dave swept: he gets it back.
  await daveAgain.sendCoins({
    address: await bob.newAddress(),
    amountSat: sweep.amountSat,
    satPerVbyte: 2n,
  })
  await mineFor(daveAgain, 1)
}, 400_000)

/** A transaction as btcd has it (the amounts in BTC). */
interface ChainTransaction {
  vin: { txid: string; vout: number }[]
  vout: { value: number; n: number }[]
}

/** A confirmed transaction, read from the network's btcd. */
async function chainTransaction(txid: string): Promise<ChainTransaction> {
  const btcd = net.btcd
  if (!btcd) throw new Error('the test network has no btcd of its own')
  const ca = await readFile(btcd.rpcCertPath, 'utf8')
  const body = JSON.stringify({
    jsonrpc: '1.0',
    id: 0,
    method: 'getrawtransaction',
    params: [txid, 1],
  })
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      `https://${btcd.rpcHost}/`,
      {
        method: 'POST',
        ca,
        headers: {
          authorization: `Basic ${Buffer.from(`${btcd.rpcUser}:${btcd.rpcPass}`).toString('base64')}`,
          'content-type': 'application/json',
        },
      },
      (res) => {
        let data = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          data += chunk
        })
        res.on('end', () => resolve(data))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
  const reply = JSON.parse(text) as {
    result: ChainTransaction | null
    error: { message: string } | null
  }
  if (!reply.result) throw new Error(`getrawtransaction ${txid}: ${reply.error?.message}`)
  return reply.result
}

/** btcd's BTC amount (a JSON number) in sat. */
function satOf(btc: number): bigint {
  return BigInt(Math.round(btc * 1e8))
}

/** Mines blocks and waits until dave has seen them (the network waits for its own nodes only). */
async function mineFor(client: LightningClient, blocks: number): Promise<void> {
  await net.mine(blocks)
  const height = await net.height()
  await expect
    .poll(
      async () => {
        const info = await client.getInfo()
        return info.syncedToChain && info.blockHeight >= height
      },
      { timeout: 30_000 },
    )
    .toBe(true)
}

/**
 * Leaves bob as found: force-closes what is left of his channels with dave
 * and mines until they are resolved (bob's own output is time-locked for the
 * channel's CSV delay).
 */
async function endBobsChannelsWith(pubkey: string): Promise<void> {
  const deadline = Date.now() + 280_000
  for (;;) {
    for (const c of await bob.listChannels())
      if (c.remotePubkey === pubkey)
        await net.closeChannel({ node: 'bob', channelPoint: c.channelPoint, force: true })
    if ((await bob.listPendingChannels()).every((c) => c.remotePubkey !== pubkey)) return
    if (Date.now() > deadline) throw new Error("bob's channels with dave are still pending")
    await net.mine(10)
  }
}

import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { getInfo } from '../network/lndRest.js'
import type { Network } from '../network/types.js'
import { getTestNetwork } from '../vitest/getTestNetwork.js'
import { attachPolar, type PolarNetworksFile } from './attachPolar.js'

// Polar needs Docker, which this machine does not run. The test lays Polar's
// documented layout (networks.json, volumes/lnd/<name>/...) around the
// network the harness started, and stands a bitcoind-style JSON-RPC endpoint
// (basic auth polaruser/polarpass, generatetoaddress, getblockcount) in front
// of its btcd, so that attachPolar reads exactly what it reads on a Polar box.

let rpcServer: Server | undefined
const rpcCalls: string[] = []

async function bitcoindLikeRpc(net: Network): Promise<number> {
  const expected = `Basic ${Buffer.from('polaruser:polarpass').toString('base64')}`
  rpcServer = createServer(async (req, res) => {
    let text = ''
    for await (const chunk of req) text += chunk
    const { id, method, params } = JSON.parse(text) as {
      id: string
      method: string
      params: unknown[]
    }
    rpcCalls.push(method)
    const reply = (status: number, result: unknown, error: unknown = null) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ id, result, error }))
    }
    if (req.headers.authorization !== expected) return reply(401, null, { message: 'unauthorized' })
    if (method === 'getblockcount') return reply(200, await net.height())
    if (
      method === 'generatetoaddress' &&
      typeof params[0] === 'number' &&
      typeof params[1] === 'string'
    ) {
      return reply(200, await net.mine(params[0]))
    }
    return reply(500, null, { code: -32601, message: 'Method not found' })
  })
  await new Promise<void>((resolve) => rpcServer!.listen(0, '127.0.0.1', resolve))
  const address = rpcServer.address()
  return typeof address === 'object' && address ? address.port : 0
}

async function polarLayoutAround(net: Network, rpcPort: number): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'btcfi-polar-'))
  const networkPath = join(dataDir, 'networks', '1')
  const lightning = []
  for (const [index, node] of Object.values(net.nodes).entries()) {
    const base = join(networkPath, 'volumes', 'lnd', node.name)
    const macaroons = join(base, 'data', 'chain', 'bitcoin', 'regtest')
    const paths = {
      tlsCert: join(base, 'tls.cert'),
      adminMacaroon: join(macaroons, 'admin.macaroon'),
      invoiceMacaroon: join(macaroons, 'invoice.macaroon'),
      readonlyMacaroon: join(macaroons, 'readonly.macaroon'),
    }
    await mkdir(macaroons, { recursive: true })
    await copyFile(node.tlsCertPath, paths.tlsCert)
    await copyFile(node.macaroonPaths.admin, paths.adminMacaroon)
    await copyFile(node.macaroonPaths.invoice, paths.invoiceMacaroon)
    await copyFile(node.macaroonPaths.readonly, paths.readonlyMacaroon)
    const port = (url: string) => Number(new URL(`https://${url}`).port)
    lightning.push({
      id: index,
      networkId: 1,
      name: node.name,
      type: 'lightning',
      implementation: 'LND',
      version: '0.21.3-beta',
      status: 2,
      backendName: 'backend1',
      paths,
      ports: {
        rest: Number(new URL(node.restUrl).port),
        grpc: port(node.grpcHost),
        p2p: port(node.p2pHost),
      },
    })
  }
  const file: PolarNetworksFile & { version: string } = {
    version: '3.2.0',
    networks: [
      {
        id: 1,
        name: 'btcfi-test',
        path: networkPath,
        nodes: {
          bitcoin: [{ name: 'backend1', implementation: 'bitcoind', ports: { rpc: rpcPort } }],
          lightning,
        },
      },
    ],
  }
  await mkdir(dirname(join(dataDir, 'networks', 'networks.json')), { recursive: true })
  await writeFile(join(dataDir, 'networks', 'networks.json'), JSON.stringify(file, null, 2))
  return dataDir
}

afterAll(async () => {
  await new Promise<void>((resolve) => (rpcServer ? rpcServer.close(() => resolve()) : resolve()))
})

describe('attachPolar', () => {
  it('returns the same handles as the spawned network, from Polar’s files', async () => {
    const net = await getTestNetwork()
    const dataDir = await polarLayoutAround(net, await bitcoindLikeRpc(net))
    try {
      const polar = await attachPolar({
        network: 'btcfi-test',
        dataDir,
        peerHost: (node) => `127.0.0.1:${node.ports.p2p}`,
      })
      expect(polar.kind).toBe('polar')
      expect(Object.keys(polar.nodes)).toEqual(Object.keys(net.nodes))
      for (const node of Object.values(net.nodes)) {
        const attached = polar.node(node.name)
        expect(attached.pubkey).toBe(node.pubkey)
        expect(attached.restUrl).toBe(node.restUrl)
        expect(attached.macaroons).toEqual(node.macaroons)
        expect(attached.tlsCert).toBe(node.tlsCert)
        expect((await getInfo(attached)).identity_pubkey).toBe(node.pubkey)
      }
      // Mining goes through bitcoind's RPC, and every node follows.
      const before = await polar.height()
      await polar.mine(2)
      expect(await polar.height()).toBe(before + 2)
      expect(rpcCalls).toContain('generatetoaddress')
      // Processes belong to Polar: the harness refuses to manage them.
      await expect(polar.killNode('bob')).rejects.toThrow(/Polar/)
      await polar.stop()
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('names the networks there are when the one asked for is missing', async () => {
    const net = await getTestNetwork()
    const dataDir = await polarLayoutAround(net, 1)
    try {
      await expect(attachPolar({ network: 'nope', dataDir })).rejects.toThrow(/btcfi-test \(1\)/)
      await expect(
        attachPolar({ network: 'x', dataDir: join(dataDir, 'missing') }),
      ).rejects.toThrow(/no Polar networks/)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})

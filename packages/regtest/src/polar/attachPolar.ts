import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createLndNetwork } from '../network/lndNetwork.js'
import { getInfo, newAddress } from '../network/lndRest.js'
import type { Network, NodeHandle } from '../network/types.js'
import { closeHttpAgents } from '../rpc/httpJson.js'
import { basicAuth, jsonRpc } from '../rpc/jsonRpc.js'

/** The parts of Polar's `networks.json` this harness reads. */
export interface PolarNetworksFile {
  networks: PolarNetwork[]
}

export interface PolarNetwork {
  id: number
  name: string
  path: string
  nodes: {
    bitcoin: { name: string; implementation: string; ports: { rpc: number } }[]
    lightning: PolarLightningNode[]
  }
}

export interface PolarLightningNode {
  name: string
  implementation: string
  ports: { rest: number; grpc: number; p2p: number }
  paths?: {
    tlsCert: string
    adminMacaroon: string
    invoiceMacaroon: string
    readonlyMacaroon: string
  }
}

export interface AttachPolarOptions {
  /** The network's name or id, as Polar shows it. */
  network: string | number
  /** Polar's data dir. Default `~/.polar`, or `~/.local/share/polar` where that exists. */
  dataDir?: string
  /**
   * The address other nodes use to reach a node for peering. Polar's nodes
   * reach each other on Docker's network by name: default `<name>:9735`.
   */
  peerHost?: (node: PolarLightningNode) => string
  /** bitcoind RPC credentials. Polar's: polaruser / polarpass. */
  bitcoindAuth?: { user: string; password: string }
}

/**
 * Attaches to a Polar network that is running: returns the same handles as
 * `startNetwork` for its LND (and litd) nodes, and mines through its bitcoind.
 * The processes are Polar's: stopping or restarting nodes is done in Polar.
 */
export async function attachPolar(options: AttachPolarOptions): Promise<Network> {
  const dataDir = options.dataDir ?? defaultPolarDir()
  const file = join(dataDir, 'networks', 'networks.json')
  if (!existsSync(file)) throw new Error(`no Polar networks at ${file}`)
  const { networks } = JSON.parse(await readFile(file, 'utf8')) as PolarNetworksFile
  const wanted = String(options.network)
  const network = networks.find((n) => n.name === wanted || String(n.id) === wanted)
  if (!network) {
    const names = networks.map((n) => `${n.name} (${n.id})`).join(', ') || 'none'
    throw new Error(`no Polar network ${wanted} in ${file}; there are: ${names}`)
  }
  const bitcoind = network.nodes.bitcoin.find((b) => b.implementation === 'bitcoind')
  if (!bitcoind) throw new Error(`Polar network ${network.name} has no bitcoind node`)
  const lndNodes = network.nodes.lightning.filter(
    (n) => (n.implementation === 'LND' || n.implementation === 'litd') && n.paths,
  )
  if (lndNodes.length === 0) throw new Error(`Polar network ${network.name} has no LND node`)

  const peerHost = options.peerHost ?? ((node) => `${node.name}:9735`)
  const nodes: Record<string, NodeHandle> = {}
  for (const node of lndNodes) {
    const paths = node.paths!
    const handle: NodeHandle = {
      name: node.name,
      pubkey: '',
      restUrl: `https://127.0.0.1:${node.ports.rest}`,
      grpcHost: `127.0.0.1:${node.ports.grpc}`,
      p2pHost: peerHost(node),
      tlsCert: await readFile(paths.tlsCert, 'utf8'),
      tlsCertPath: paths.tlsCert,
      macaroons: {
        admin: (await readFile(paths.adminMacaroon)).toString('hex'),
        invoice: (await readFile(paths.invoiceMacaroon)).toString('hex'),
        readonly: (await readFile(paths.readonlyMacaroon)).toString('hex'),
      },
      macaroonPaths: {
        admin: paths.adminMacaroon,
        invoice: paths.invoiceMacaroon,
        readonly: paths.readonlyMacaroon,
      },
    }
    handle.pubkey = (await getInfo(handle)).identity_pubkey
    nodes[node.name] = handle
  }

  const auth = options.bitcoindAuth ?? { user: 'polaruser', password: 'polarpass' }
  const rpc = {
    url: `http://127.0.0.1:${bitcoind.ports.rpc}`,
    headers: basicAuth(auth.user, auth.password),
  }
  const miner = lndNodes[0]!.name
  const unsupported = (what: string) => async () => {
    throw new Error(`${what} is not available on an attached Polar network: use Polar for it`)
  }
  return createLndNetwork({
    kind: 'polar',
    nodes,
    miner,
    height: () => jsonRpc<number>(rpc, 'getblockcount'),
    generate: async (blocks) =>
      jsonRpc<string[]>(rpc, 'generatetoaddress', [blocks, await newAddress(nodes[miner]!)]),
    isRunning: () => true,
    control: {
      stopNode: unsupported('stopNode'),
      killNode: unsupported('killNode'),
      startNode: unsupported('startNode'),
      stop: async () => closeHttpAgents(),
    },
  })
}

function defaultPolarDir(): string {
  const xdg = join(homedir(), '.local', 'share', 'polar')
  return existsSync(xdg) ? xdg : join(homedir(), '.polar')
}

import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBinaries } from '../binaries/ensureBinaries.js'
import { ensureLncBinaries, type LncBinaries } from '../binaries/ensureLncBinaries.js'
import type { Binaries } from '../binaries/versions.js'
import { type StartedLnc, startLnc } from '../lnc/startLnc.js'
import { Daemon } from '../process/Daemon.js'
import { startWatchdog } from '../process/watchdog.js'
import { closeHttpAgents } from '../rpc/httpJson.js'
import { basicAuth, jsonRpc } from '../rpc/jsonRpc.js'
import { freePorts } from '../util/freePort.js'
import { waitFor } from '../util/waitFor.js'
import { createLndNetwork, DEFAULT_NODES, lineTopology } from './lndNetwork.js'
import { lndFlags, lndHandle, waitLndReady } from './lndProcess.js'
import { newAddress, waitSynced } from './lndRest.js'
import type { BtcdHandle, ChannelSpec, Network, NodeHandle } from './types.js'

export interface StartNetworkOptions {
  /** lnd node names; the first one mines and funds the others. Default alice, bob, carol. */
  nodes?: readonly string[]
  /** Channels to open. Default a line through the nodes (alice–bob, bob–carol), 10M sat each with half pushed. */
  channels?: readonly ChannelSpec[]
  /** On-chain sat each node other than the miner receives. Default 5 BTC. */
  fundSat?: bigint
  /** Extra lnd flags for every node, or by node name. */
  lndArgs?: readonly string[] | Readonly<Record<string, readonly string[]>>
  /** Where the network's files go. Default: a fresh temp dir, removed by `stop`. */
  dir?: string
  /** Keep the network's files (logs, chain) after `stop`. */
  keepDir?: boolean
  /** Binaries to run; built and cached by `ensureBinaries` when absent. */
  binaries?: Binaries
  /**
   * Also start the Lightning Node Connect path: a hashmail mailbox, one node
   * side per lnd node and the wasm client over loopback HTTP (`network.lnc`).
   * Its programs are built and cached by `ensureLncBinaries` when absent.
   */
  lnc?: boolean
  /** LNC programs to run; built and cached by `ensureLncBinaries` when absent. */
  lncBinaries?: LncBinaries
  /** Progress lines for a person watching. */
  onProgress?: (line: string) => void
}

const RPC_USER = 'btcfi'
const RPC_PASS = 'btcfi'
/** btcd on regtest activates segwit after 432 blocks: lnd cannot fund channels before. */
const INITIAL_BLOCKS = 500

/**
 * Starts btcd in regtest and lnd nodes on free loopback ports, funds them from
 * mined coinbase, opens the channel topology and returns once every channel is
 * active and routes across it carry payments.
 *
 * @example
 * const net = await startNetwork()
 * const { alice, carol } = net.nodes
 * // ... point a client at alice.restUrl with alice.macaroons.admin and alice.tlsCert
 * await net.stop()
 */
export async function startNetwork(options: StartNetworkOptions = {}): Promise<Network> {
  const progress = options.onProgress ?? (() => {})
  const names = options.nodes ?? DEFAULT_NODES
  if (names.length === 0 || new Set(names).size !== names.length) {
    throw new Error('startNetwork: `nodes` must be distinct names, at least one')
  }
  const binaries = options.binaries ?? (await ensureBinaries({ onProgress: progress }))
  const lncBinaries = options.lnc
    ? (options.lncBinaries ?? (await ensureLncBinaries({ onProgress: progress })))
    : undefined
  const started = Date.now()
  const root = options.dir ?? (await mkdtemp(join(tmpdir(), 'btcfi-regtest-')))
  await mkdir(root, { recursive: true })
  const removeDir = options.keepDir ? undefined : root
  const pidFile = join(root, 'pids.json')
  const daemons: Daemon[] = []
  const writePids = () => {
    if (!existsSync(root)) return
    const pids = daemons.flatMap((d) => (d.pid ? [d.pid] : []))
    writeFile(pidFile, JSON.stringify(pids)).catch(() => {})
  }
  await writeFile(pidFile, '[]')
  startWatchdog(pidFile, removeDir)

  let lnc: StartedLnc | undefined
  const stopAll = async () => {
    await lnc?.close()
    await Promise.all(daemons.filter((d) => d.name !== 'btcd').map((d) => d.stop()))
    await Promise.all(daemons.map((d) => d.stop()))
    closeHttpAgents()
    await rm(pidFile, { force: true })
    if (removeDir) await rm(removeDir, { recursive: true, force: true })
  }

  try {
    // btcd
    const [btcdRpcPort, btcdP2pPort] = await freePorts(2)
    const btcdDir = join(root, 'btcd')
    await mkdir(btcdDir, { recursive: true })
    await writeFile(join(btcdDir, 'btcd.conf'), '')
    const btcdCert = join(btcdDir, 'rpc.cert')
    const btcdArgs = [
      '--regtest',
      `--datadir=${join(btcdDir, 'data')}`,
      `--logdir=${join(btcdDir, 'logs')}`,
      `--configfile=${join(btcdDir, 'btcd.conf')}`,
      `--rpcuser=${RPC_USER}`,
      `--rpcpass=${RPC_PASS}`,
      `--rpclisten=127.0.0.1:${btcdRpcPort}`,
      `--listen=127.0.0.1:${btcdP2pPort}`,
      `--rpccert=${btcdCert}`,
      `--rpckey=${join(btcdDir, 'rpc.key')}`,
      '--txindex',
      '--debuglevel=info',
    ]
    const btcd = new Daemon('btcd', binaries.btcd, btcdArgs, join(btcdDir, 'btcd.log'), writePids)
    daemons.push(btcd)
    btcd.start()
    progress('btcd starting')
    const btcdTarget = () => ({
      url: `https://127.0.0.1:${btcdRpcPort}`,
      ca: btcdCertPem,
      headers: basicAuth(RPC_USER, RPC_PASS),
    })
    let btcdCertPem = ''
    const waitBtcd = async () => {
      await waitFor(() => existsSync(btcdCert), { what: 'btcd rpc.cert' })
      btcdCertPem = await readFile(btcdCert, 'utf8')
      return waitFor(() => jsonRpc<number>(btcdTarget(), 'getblockcount'), {
        what: 'btcd RPC',
        timeoutMs: 30_000,
      })
    }
    await waitBtcd()

    // lnd nodes
    const btcdHandle: BtcdHandle = {
      rpcHost: `127.0.0.1:${btcdRpcPort}`,
      rpcUser: RPC_USER,
      rpcPass: RPC_PASS,
      rpcCertPath: btcdCert,
      p2pHost: `127.0.0.1:${btcdP2pPort}`,
    }
    const lnds = new Map<string, { daemon: Daemon; handle: NodeHandle }>()
    for (const name of names) {
      const [rest, grpc, p2p] = await freePorts(3)
      const ports = { rest: rest!, grpc: grpc!, p2p: p2p! }
      const dir = join(root, name)
      await mkdir(dir, { recursive: true })
      const args = lndFlags({
        name,
        dir,
        ports,
        btcd: btcdHandle,
        extra: lndArgsFor(options.lndArgs, name),
      })
      const handle = lndHandle(name, dir, ports)
      const daemon = new Daemon(name, binaries.lnd, args, join(dir, 'lnd.log'), writePids)
      daemons.push(daemon)
      lnds.set(name, { daemon, handle })
    }
    // btcd pays its coinbase to --miningaddr, fixed at start: start the first
    // node alone for an address, then restart btcd paying it before any lnd
    // is connected (lnd's reconnect to a restarted btcd can take a minute).
    const first = lnds.get(names[0]!)!
    const miner = first.handle
    first.daemon.start()
    await waitLndReady(first.daemon, miner)
    const miningAddress = await newAddress(miner)
    await first.daemon.stop()
    await btcd.stop()
    btcd.start([`--miningaddr=${miningAddress}`])
    await waitBtcd()
    progress(`lnd starting: ${names.join(', ')}`)
    for (const { daemon } of lnds.values()) daemon.start()
    await Promise.all([...lnds.values()].map(({ daemon, handle }) => waitLndReady(daemon, handle)))
    progress(`mining ${INITIAL_BLOCKS} blocks to ${miner.name} (segwit activates at 432)`)
    for (let mined = 0; mined < INITIAL_BLOCKS; mined += 100) {
      await jsonRpc(btcdTarget(), 'generate', [Math.min(100, INITIAL_BLOCKS - mined)])
    }
    const height = await jsonRpc<number>(btcdTarget(), 'getblockcount')
    await Promise.all([...lnds.values()].map(({ handle }) => waitSynced(handle, height, 90_000)))
    // lnd's wallet refuses to spend the coinbase mined while it caught up
    // ("insufficient funds") until it has seen one more block.
    await jsonRpc(btcdTarget(), 'generate', [1])
    await Promise.all([...lnds.values()].map(({ handle }) => waitSynced(handle, height + 1)))

    const network = createLndNetwork({
      kind: 'spawned',
      btcd: btcdHandle,
      nodes: Object.fromEntries([...lnds].map(([name, { handle }]) => [name, handle])),
      miner: miner.name,
      height: () => jsonRpc<number>(btcdTarget(), 'getblockcount'),
      generate: (blocks) => jsonRpc<string[]>(btcdTarget(), 'generate', [blocks]),
      isRunning: (name) => lnds.get(name)?.daemon.running ?? false,
      control: {
        stopNode: (name) => lndOf(lnds, name).daemon.stop(),
        killNode: (name) => lndOf(lnds, name).daemon.kill(),
        startNode: async (name) => {
          const { daemon, handle } = lndOf(lnds, name)
          daemon.start()
          await waitLndReady(daemon, handle)
        },
        stop: stopAll,
      },
    })
    await network.setUp({
      fundSat: options.fundSat ?? 500_000_000n,
      channels: options.channels ?? lineTopology(names),
      onProgress: progress,
    })
    if (lncBinaries) {
      lnc = await startLnc({
        dir: join(root, 'lnc'),
        binaries: lncBinaries,
        nodes: [...lnds.values()].map(({ handle }) => handle),
        daemons,
        onPidsChanged: writePids,
        onProgress: progress,
      })
    }
    progress(`network ready in ${((Date.now() - started) / 1000).toFixed(1)} s (files in ${root})`)
    return lnc ? Object.assign(network, { lnc }) : network
  } catch (error) {
    await stopAll().catch(() => {})
    throw error
  }
}

function lndArgsFor(lndArgs: StartNetworkOptions['lndArgs'], name: string): readonly string[] {
  if (!lndArgs) return []
  if (Array.isArray(lndArgs)) return lndArgs as readonly string[]
  return (lndArgs as Readonly<Record<string, readonly string[]>>)[name] ?? []
}

function lndOf<T>(lnds: Map<string, T>, name: string): T {
  const lnd = lnds.get(name)
  if (!lnd) throw new Error(`no node named ${name}; nodes: ${[...lnds.keys()].join(', ')}`)
  return lnd
}

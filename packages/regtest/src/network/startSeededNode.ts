import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBinaries } from '../binaries/ensureBinaries.js'
import type { Binaries } from '../binaries/versions.js'
import { Daemon } from '../process/Daemon.js'
import { type HttpJsonTarget, httpJson } from '../rpc/httpJson.js'
import { freePorts } from '../util/freePort.js'
import { waitFor } from '../util/waitFor.js'
import { lndFlags, lndHandle, unlessExited, waitLndReady } from './lndProcess.js'
import { waitSynced } from './lndRest.js'
import type { Network, NodeHandle } from './types.js'

export interface StartSeededNodeOptions {
  /** The network whose btcd the node runs on: one the harness started (`network.btcd`). */
  network: Network
  /** The node's name (its alias). */
  name: string
  /**
   * The 24 words of an aezeed seed to create the wallet from (a restore).
   * Default: a new seed from lnd (`GET /v1/genseed`).
   */
  mnemonic?: readonly string[]
  /**
   * How many addresses of each kind lnd looks for on chain while it rescans
   * for the seed's funds. Default 2500 with `mnemonic`, none for a new seed.
   */
  recoveryWindow?: number
  /** A multi-channel backup (hex) for lnd to restore as it creates the wallet. */
  multiChannelBackup?: string
  /** Extra lnd flags. */
  lndArgs?: readonly string[]
  /** Binaries to run; built and cached by `ensureBinaries` when absent. */
  binaries?: Binaries
}

/** An lnd with a seed, running beside a network's nodes. */
export interface SeededNode {
  readonly node: NodeHandle
  /** The wallet's seed, 24 words: a secret, to store like one and never to log. */
  readonly mnemonic: readonly string[]
  /** The node's data dir (wallet, channel state, `lnd.log`), removed by `stop`. */
  readonly dir: string
  readonly logFile: string
  /** lnd's process, while it runs. */
  readonly pid: number | undefined
  /** Stops lnd and removes its data dir: the node's data is gone, its seed is all that is left. */
  stop(): Promise<void>
}

/** The recovery window lnd's own docs use for a restore. */
const DEFAULT_RECOVERY_WINDOW = 2500

/**
 * Starts an extra lnd on a running network's btcd, with a wallet created from
 * a seed through lnd's WalletUnlocker REST API (the network's own nodes run
 * without a seed), in a temp dir of its own. Without `mnemonic` lnd makes a
 * new seed; with it the wallet is restored (its on-chain funds found by a
 * rescan) and `multiChannelBackup` is restored with it. Returns once the node
 * is synced to the chain; it is connected to no peer.
 *
 * The process is stopped by `stop()`, and killed when this process exits
 * without calling it; stop it in `afterAll`.
 *
 * @example
 * const dave = await startSeededNode({ network: net, name: 'dave' })
 * afterAll(() => dave.stop())
 * // later, from the seed alone:
 * await dave.stop()
 * const again = await startSeededNode({ network: net, name: 'dave', mnemonic: dave.mnemonic })
 */
export async function startSeededNode(options: StartSeededNodeOptions): Promise<SeededNode> {
  const { network, name } = options
  const btcd = network.btcd
  if (!btcd)
    throw new Error(
      `startSeededNode: the network (${network.kind}) has no btcd of the harness's to join`,
    )
  if (options.mnemonic && options.mnemonic.length !== 24)
    throw new Error('startSeededNode: mnemonic must be the 24 words of an aezeed seed')
  const binaries = options.binaries ?? (await ensureBinaries())
  const dir = await mkdtemp(join(tmpdir(), `btcfi-${name}-`))
  const [rest, grpc, p2p] = await freePorts(3)
  const ports = { rest: rest!, grpc: grpc!, p2p: p2p! }
  const node = lndHandle(name, dir, ports)
  const logFile = join(dir, 'lnd.log')
  const args = lndFlags({ name, dir, ports, btcd, seeded: true, extra: options.lndArgs ?? [] })
  const daemon = new Daemon(name, binaries.lnd, args, logFile, () => {})
  // A test process that ends without stopping the node must not leave lnd behind.
  const onExit = () => {
    void daemon.kill()
  }
  process.once('exit', onExit)
  let stopped: Promise<void> | undefined
  const stop = () => {
    stopped ??= (async () => {
      process.off('exit', onExit)
      await daemon.stop()
      await rm(dir, { recursive: true, force: true, maxRetries: 5 })
    })()
    return stopped
  }

  daemon.start()
  try {
    const mnemonic = await unlessExited(
      daemon,
      `lnd ${name}`,
      createWallet(node, {
        ...(options.mnemonic ? { mnemonic: options.mnemonic } : {}),
        recoveryWindow:
          options.recoveryWindow ?? (options.mnemonic ? DEFAULT_RECOVERY_WINDOW : undefined),
        multiChannelBackup: options.multiChannelBackup,
      }),
    )
    await waitLndReady(daemon, node)
    await waitSynced(node, await network.height(), 120_000)
    return {
      node,
      mnemonic,
      dir,
      logFile,
      get pid() {
        return daemon.pid
      },
      stop,
    }
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '')
    await stop()
    throw new Error(
      `lnd ${name} did not start: ${(error as Error).message}\n${log.split('\n').slice(-20).join('\n')}`,
      { cause: error },
    )
  }
}

/**
 * Creates the wallet of an lnd waiting for one: a new seed from `GET
 * /v1/genseed` unless `mnemonic` is given, then `POST /v1/initwallet` with a
 * random password. Returns the seed's words.
 */
async function createWallet(
  node: NodeHandle,
  params: {
    mnemonic?: readonly string[]
    recoveryWindow: number | undefined
    multiChannelBackup: string | undefined
  },
): Promise<readonly string[]> {
  await waitFor(() => existsSync(node.tlsCertPath), {
    what: `${node.name}'s TLS certificate`,
    timeoutMs: 60_000,
  })
  // lnd writes the certificate, starts the REST proxy, opens its database, and
  // only then serves the WalletUnlocker (its state NON_EXISTING, left out of
  // the JSON as the enum's zero).
  const unlocker = await waitFor(
    async (): Promise<HttpJsonTarget | false> => {
      const target = { url: node.restUrl, ca: await readFile(node.tlsCertPath, 'utf8') }
      const { state } = await httpJson<{ state?: string }>(target, 'GET', '/v1/state')
      return (state ?? 'NON_EXISTING') === 'NON_EXISTING' && target
    },
    { what: `${node.name}'s WalletUnlocker`, timeoutMs: 60_000 },
  )
  const mnemonic =
    params.mnemonic ??
    (await httpJson<{ cipher_seed_mnemonic: string[] }>(unlocker, 'GET', '/v1/genseed'))
      .cipher_seed_mnemonic
  const base64 = (bytes: Buffer) => bytes.toString('base64')
  try {
    await httpJson(
      unlocker,
      'POST',
      '/v1/initwallet',
      {
        wallet_password: base64(Buffer.from(randomBytes(16).toString('hex'))),
        cipher_seed_mnemonic: mnemonic,
        ...(params.recoveryWindow !== undefined ? { recovery_window: params.recoveryWindow } : {}),
        ...(params.multiChannelBackup !== undefined
          ? {
              channel_backups: {
                multi_chan_backup: {
                  multi_chan_backup: base64(Buffer.from(params.multiChannelBackup, 'hex')),
                },
              },
            }
          : {}),
      },
      { timeoutMs: 120_000 },
    )
  } catch (cause) {
    // lnd's answer may quote a seed word it could not read: keep only the status.
    const status = (cause as { status?: unknown }).status
    throw new Error(
      `lnd ${node.name} refused to create its wallet (HTTP ${String(status ?? '?')}).`,
    )
  }
  return [...mnemonic]
}

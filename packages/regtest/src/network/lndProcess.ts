import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Daemon } from '../process/Daemon.js'
import { waitFor } from '../util/waitFor.js'
import { getInfo } from './lndRest.js'
import type { BtcdHandle, NodeHandle } from './types.js'

// How the harness runs one lnd on a network's btcd: the network's own nodes
// and the nodes started beside them (startSeededNode) share these.

/** The loopback ports of one lnd. */
export interface LndPorts {
  rest: number
  grpc: number
  p2p: number
}

/**
 * lnd's flags for a node of the network: regtest on the network's btcd,
 * loopback ports, fast peer retries and one confirmation per channel.
 * Without `seeded`, lnd runs with `--noseedbackup` (a wallet without a seed,
 * open at start); with it, lnd waits for a wallet to be created through its
 * WalletUnlocker API.
 */
export function lndFlags(params: {
  name: string
  dir: string
  ports: LndPorts
  btcd: BtcdHandle
  seeded?: boolean
  extra?: readonly string[]
}): string[] {
  const { name, dir, ports, btcd } = params
  return [
    `--lnddir=${dir}`,
    `--alias=${name}`,
    '--bitcoin.regtest',
    '--bitcoin.node=btcd',
    `--btcd.rpchost=${btcd.rpcHost}`,
    `--btcd.rpcuser=${btcd.rpcUser}`,
    `--btcd.rpcpass=${btcd.rpcPass}`,
    `--btcd.rpccert=${btcd.rpcCertPath}`,
    `--rpclisten=127.0.0.1:${ports.grpc}`,
    `--restlisten=127.0.0.1:${ports.rest}`,
    `--listen=127.0.0.1:${ports.p2p}`,
    '--tlsextraip=127.0.0.1',
    ...(params.seeded ? [] : ['--noseedbackup']),
    '--accept-keysend',
    '--accept-amp',
    '--trickledelay=50',
    '--bitcoin.defaultchanconfs=1',
    '--maxpendingchannels=10',
    '--minbackoff=1s',
    '--maxbackoff=5s',
    '--debuglevel=info',
    ...(params.extra ?? []),
  ]
}

/** The handle of an lnd run with `lndFlags` in `dir`: filled in by `waitLndReady`. */
export function lndHandle(name: string, dir: string, ports: LndPorts): NodeHandle {
  const macaroonDir = join(dir, 'data', 'chain', 'bitcoin', 'regtest')
  return {
    name,
    pubkey: '',
    restUrl: `https://127.0.0.1:${ports.rest}`,
    grpcHost: `127.0.0.1:${ports.grpc}`,
    p2pHost: `127.0.0.1:${ports.p2p}`,
    tlsCert: '',
    tlsCertPath: join(dir, 'tls.cert'),
    macaroons: { admin: '', invoice: '', readonly: '' },
    macaroonPaths: {
      admin: join(macaroonDir, 'admin.macaroon'),
      invoice: join(macaroonDir, 'invoice.macaroon'),
      readonly: join(macaroonDir, 'readonly.macaroon'),
    },
  }
}

/** Rejects when the daemon exits before `ready` settles; `ready`'s result otherwise. */
export async function unlessExited<T>(daemon: Daemon, what: string, ready: Promise<T>): Promise<T> {
  const exited = daemon.waitExit().then((code): never => {
    throw new Error(`${what} exited (code ${code}) while starting; see its lnd.log`)
  })
  exited.catch(() => {})
  return Promise.race([ready, exited])
}

/** Waits for lnd's TLS cert, macaroons and RPC, then fills the handle in. */
export async function waitLndReady(daemon: Daemon, handle: NodeHandle): Promise<void> {
  const ready = (async () => {
    await waitFor(() => existsSync(handle.macaroonPaths.admin) && existsSync(handle.tlsCertPath), {
      what: `${handle.name}'s macaroons`,
      timeoutMs: 60_000,
    })
    const info = await waitFor(
      async () => {
        // Read the files again on each try: lnd may still be writing them
        // ("empty macaroon data" from a macaroon read half-written).
        handle.tlsCert = await readFile(handle.tlsCertPath, 'utf8')
        handle.macaroons.admin = (await readFile(handle.macaroonPaths.admin)).toString('hex')
        handle.macaroons.invoice = (await readFile(handle.macaroonPaths.invoice)).toString('hex')
        handle.macaroons.readonly = (await readFile(handle.macaroonPaths.readonly)).toString('hex')
        return getInfo(handle)
      },
      {
        what: `${handle.name}'s RPC`,
        timeoutMs: 60_000,
      },
    )
    handle.pubkey = info.identity_pubkey
  })()
  await unlessExited(daemon, `lnd ${handle.name}`, ready)
}

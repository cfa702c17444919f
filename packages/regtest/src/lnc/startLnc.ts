import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LncBinaries } from '../binaries/ensureLncBinaries.js'
import type { NodeHandle } from '../network/types.js'
import { Daemon } from '../process/Daemon.js'
import { httpJson } from '../rpc/httpJson.js'
import { freePorts } from '../util/freePort.js'
import { portOpen } from '../util/portOpen.js'
import { waitFor } from '../util/waitFor.js'
import { serveWasm } from './serveWasm.js'
import type { LncNetwork, LncSession, LncSessionType } from './types.js'

export interface StartLncOptions {
  /** Where the mailbox's and node sides' files go. */
  dir: string
  binaries: LncBinaries
  nodes: readonly NodeHandle[]
  /** Every process started is added here, so that the network stops (and its watchdog kills) it. */
  daemons: Daemon[]
  onPidsChanged: () => void
  onProgress?: (line: string) => void
}

/** A started LNC path and how to stop what it started besides its daemons. */
export interface StartedLnc extends LncNetwork {
  close(): Promise<void>
}

/**
 * Starts the mailbox (aperture as a hashmail server on loopback, TLS with its
 * own self-signed cert), one lnc-node per lnd node, and the loopback HTTP
 * server of the wasm client.
 */
export async function startLnc(options: StartLncOptions): Promise<StartedLnc> {
  const progress = options.onProgress ?? (() => {})
  const mailboxDir = join(options.dir, 'mailbox')
  await mkdir(mailboxDir, { recursive: true })
  const [mailboxPort, ...controlPorts] = await freePorts(1 + options.nodes.length)
  const mailbox = `127.0.0.1:${mailboxPort}`
  const config = [
    `listenaddr: "${mailbox}"`,
    'insecure: false',
    'dbbackend: sqlite',
    'debuglevel: info',
    'authenticator:',
    '  disable: true',
    'hashmail:',
    '  enabled: true',
    'prometheus:',
    '  enabled: false',
    '',
  ].join('\n')
  const configFile = join(mailboxDir, 'aperture.yaml')
  await writeFile(configFile, config)
  const aperture = new Daemon(
    'aperture',
    options.binaries.aperture,
    [
      `--basedir=${mailboxDir}`,
      `--configfile=${configFile}`,
      // aperture ignores the yaml key of the sqlite file: it must be a flag.
      `--sqlite.dbfile=${join(mailboxDir, 'aperture.db')}`,
      // aperture's default limit (2 messages a second per stream, bursts of
      // 10) drops the Go-Back-N packets of every call and each waits for a
      // resend: seconds per call. A local mailbox has no one to limit.
      '--hashmail.messagerate=1ms',
      '--hashmail.messageburstallowance=10000',
    ],
    join(mailboxDir, 'aperture.log'),
    options.onPidsChanged,
  )
  options.daemons.push(aperture)
  const startMailbox = async () => {
    aperture.start()
    await waitFor(() => existsSync(join(mailboxDir, 'tls.cert')) && portOpen(mailboxPort!), {
      what: 'the LNC mailbox (aperture)',
      timeoutMs: 30_000,
    })
  }
  progress(`LNC mailbox starting on ${mailbox}`)
  await startMailbox()
  const mailboxCertPath = join(mailboxDir, 'tls.cert')
  const mailboxCert = await readFile(mailboxCertPath, 'utf8')

  const controls = new Map<string, string>()
  for (const [i, node] of options.nodes.entries()) {
    const control = `127.0.0.1:${controlPorts[i]}`
    const nodeSide = new Daemon(
      `lnc-node-${node.name}`,
      options.binaries.lncNode,
      [
        `--mailbox=${mailbox}`,
        `--mailbox-tls-cert=${mailboxCertPath}`,
        `--lnd-rpc=${node.grpcHost}`,
        `--lnd-tls-cert=${node.tlsCertPath}`,
        `--macaroon-dir=${join(node.macaroonPaths.admin, '..')}`,
        `--listen=${control}`,
      ],
      join(options.dir, `lnc-node-${node.name}.log`),
      options.onPidsChanged,
    )
    options.daemons.push(nodeSide)
    nodeSide.start()
    controls.set(node.name, `http://${control}`)
  }
  await Promise.all(
    [...controls.values()].map((url) =>
      waitFor(() => httpJson({ url }, 'GET', '/health'), {
        what: 'the LNC node side (lnc-node)',
        timeoutMs: 30_000,
      }),
    ),
  )
  const wasm = await serveWasm(options.binaries)
  progress(`LNC ready: mailbox ${mailbox}, wasm client at ${wasm.wasmUrl}`)

  return {
    mailbox,
    mailboxCert,
    wasmUrl: wasm.wasmUrl,
    wasmExecUrl: wasm.wasmExecUrl,
    async createSession(node, params = {}) {
      const url = controls.get(node)
      if (!url)
        throw new Error(`no LNC node side for ${node}; nodes: ${[...controls.keys()].join(', ')}`)
      const type: LncSessionType = params.type ?? 'admin'
      const answer = await httpJson<{
        pairingPhrase: string
        type: LncSessionType
        expiry: number
      }>({ url }, 'POST', '/sessions', { type, expirySeconds: params.expirySeconds ?? 0 })
      const session: LncSession = {
        pairingPhrase: answer.pairingPhrase,
        type: answer.type,
        expiry: new Date(answer.expiry * 1000),
      }
      return session
    },
    async restartMailbox() {
      await aperture.stop()
      await startMailbox()
    },
    close: () => wasm.close(),
  }
}

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { ensureLncBinaries } from '../binaries/ensureLncBinaries.js'
import type { NodeHandle } from '../network/types.js'
import { Daemon } from '../process/Daemon.js'
import { freePort } from '../util/freePort.js'
import { portOpen } from '../util/portOpen.js'
import { waitFor } from '../util/waitFor.js'

export interface StartApertureOptions {
  /** The lnd node that mints the invoices (aperture reads its `invoice.macaroon`). */
  node: NodeHandle
  /** The HTTP service behind aperture, `http://127.0.0.1:<port>`. */
  backendUrl: string
  /** The price of a token, in sat (aperture's static `price`; at least 1). */
  priceSat: number
  /** The paths that need a token, a Go regular expression. Default every path. */
  pathRegexp?: string
  /** Paths served without a token (aperture's `authwhitelistpaths`). */
  freePaths?: readonly string[]
  /** The service's name in the token. Default `service`. */
  serviceName?: string
  /** The aperture binary. Default the one `ensureLncBinaries` builds. */
  binary?: string
  /** Where aperture's files go. Default a new temp dir, removed by `close()`. */
  dir?: string
  /** Aperture's log level. Default `debug`. */
  debugLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error'
}

/** A running aperture: where to reach it and how to stop it. */
export interface ApertureServer {
  /** `http://127.0.0.1:<port>`: aperture, in front of the service. */
  url: string
  /** Aperture's log (the challenges it sends, the tokens it checks). */
  logFile: string
  /** Aperture's process, while it runs. */
  readonly pid: number | undefined
  /** Stops aperture (SIGTERM, then SIGKILL) and removes its files unless `dir` was given. */
  close(): Promise<void>
}

/**
 * Starts aperture v0.5.0 as an L402 proxy on loopback, in front of a local
 * HTTP service: a request without a paid token gets `402 Payment Required`
 * with an invoice of `priceSat` minted on `node`; one with a paid token
 * (`Authorization: L402 <macaroon>:<preimage>`) is passed to `backendUrl`.
 * Plain http (`insecure: true`), sqlite in its own dir.
 *
 * The process is stopped by `close()`, and killed when this process exits
 * without calling it; close it in `afterAll`.
 *
 * @example
 * const aperture = await startAperture({ node: net.node('carol'), backendUrl, priceSat: 10 })
 * afterAll(() => aperture.close())
 * const answer = await fetch(`${aperture.url}/data`) // 402, WWW-Authenticate: L402 ...
 */
export async function startAperture(options: StartApertureOptions): Promise<ApertureServer> {
  const { node, priceSat } = options
  if (!Number.isSafeInteger(priceSat) || priceSat < 1)
    throw new Error('startAperture: priceSat must be a whole number of sat, at least 1')
  const backend = new URL(options.backendUrl)
  if (backend.protocol !== 'http:')
    throw new Error('startAperture: backendUrl must be an http:// URL')
  const binary = options.binary ?? (await ensureLncBinaries()).aperture
  const ownDir = options.dir === undefined
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'btcfi-aperture-')))
  const port = await freePort()
  const listen = `127.0.0.1:${port}`
  const quote = (text: string) => JSON.stringify(text)
  const config = [
    `listenaddr: ${quote(listen)}`,
    'insecure: true',
    'dbbackend: sqlite',
    // Not debug by default: at debug, aperture logs each Authorization header (the tokens).
    `debuglevel: ${options.debugLevel ?? 'info'}`,
    'servestatic: false',
    'authenticator:',
    '  network: regtest',
    `  lndhost: ${quote(node.grpcHost)}`,
    `  tlspath: ${quote(node.tlsCertPath)}`,
    `  macdir: ${quote(dirname(node.macaroonPaths.invoice))}`,
    'services:',
    `  - name: ${quote(options.serviceName ?? 'service')}`,
    // aperture matches the Host header, port included.
    `    hostregexp: ${quote('^.*$')}`,
    `    pathregexp: ${quote(options.pathRegexp ?? '^/.*$')}`,
    `    address: ${quote(backend.host)}`,
    '    protocol: http',
    '    auth: "on"',
    `    price: ${priceSat}`,
    ...(options.freePaths && options.freePaths.length > 0
      ? ['    authwhitelistpaths:', ...options.freePaths.map((path) => `      - ${quote(path)}`)]
      : []),
    'hashmail:',
    '  enabled: false',
    'prometheus:',
    '  enabled: false',
    '',
  ].join('\n')
  const configFile = join(dir, 'aperture.yaml')
  await writeFile(configFile, config)
  const logFile = join(dir, 'aperture.log')
  const daemon = new Daemon(
    'aperture',
    binary,
    [
      `--basedir=${dir}`,
      `--configfile=${configFile}`,
      // aperture ignores the yaml key of the sqlite file: it must be a flag.
      `--sqlite.dbfile=${join(dir, 'aperture.db')}`,
    ],
    logFile,
    () => {},
  )
  // A test process that ends without closing must not leave aperture behind.
  const onExit = () => {
    void daemon.kill()
  }
  process.once('exit', onExit)
  let closed: Promise<void> | undefined
  const close = () => {
    closed ??= (async () => {
      process.off('exit', onExit)
      await daemon.stop(5_000)
      if (ownDir) await rm(dir, { recursive: true, force: true })
    })()
    return closed
  }
  daemon.start()
  try {
    const exited = daemon.waitExit().then(() => {
      throw new Error('aperture exited')
    })
    exited.catch(() => {})
    await Promise.race([
      waitFor(() => portOpen(port), { what: `aperture on ${listen}`, timeoutMs: 30_000 }),
      exited,
    ])
  } catch (error) {
    await daemon.stop(5_000)
    const log = await readFile(logFile, 'utf8').catch(() => '')
    await close()
    throw new Error(
      `aperture did not start: ${(error as Error).message}\n${log.split('\n').slice(-20).join('\n')}`,
      { cause: error },
    )
  }
  return {
    url: `http://${listen}`,
    logFile,
    get pid() {
      return daemon.pid
    },
    close,
  }
}

import { assertHex, type Backend, bytesToHex } from '@btcfi/core'
import { backendFrom } from '@btcfi/wire'
import { derToPem } from '../connect/derToPem.js'
import { parseLndConnect } from '../connect/parseLndConnect.js'
import { checkTransport } from '../transport/checkTransport.js'
import { invalidArgument } from '../transport/errors.js'
import { restTransport } from '../transport/restTransport.js'

/** Options shared by both ways to point `lnd()` at a node. */
export interface LndCommonOptions {
  /** Timeout of each unary call in ms (streams have none). Default 30 000. */
  timeoutMs?: number | undefined
  /** Retries of idempotent GETs on 408/429/502/503/504 and network errors. Default 2. POST and DELETE are never retried. */
  retry?: number | undefined
  /**
   * A fetch to use instead of the global one (a browser polyfill, a proxy).
   * In Node it receives the connection pool as `init.dispatcher`.
   */
  fetch?: typeof globalThis.fetch | undefined
}

export interface LndOptions extends LndCommonOptions {
  /**
   * lnd's REST address, e.g. `https://127.0.0.1:8080`. `http://` is refused
   * (the macaroon would travel in clear) unless `allowInsecureHttp` is set and
   * the host is a loopback one.
   */
  url: string
  /** A macaroon as hex or raw bytes (the content of `admin.macaroon`). */
  macaroon: string | Uint8Array
  /**
   * lnd's TLS certificate (`tls.cert`) as PEM, or its bytes (PEM or DER). When
   * set, it is the only CA trusted for this node (Node only; a browser uses its
   * own trust store). When absent, the system's CAs.
   */
  cert?: string | Uint8Array | undefined
  /**
   * Allows an `http://` url, for a host on this machine only: `localhost`,
   * `127.0.0.0/8` or `[::1]` (lnd's `--no-rest-tls`, a local TLS-terminating
   * proxy, tests). The macaroon then travels unencrypted over loopback. Any
   * other host is refused even with it, and so is `cert` with `http://` (it
   * would not be used). Default false.
   */
  allowInsecureHttp?: boolean | undefined
}

export interface LndConnectOptions extends LndCommonOptions {
  /** An lndconnect URI: `lndconnect://host:port?cert=...&macaroon=...`. */
  lndconnect: string
}

/** The LND REST backend. */
export interface LndBackend extends Backend {
  readonly kind: 'lnd-rest'
  /** Closes the connection pool; calls after it fail. */
  close(): Promise<void>
}

/**
 * A `Backend` on lnd's REST API. Nothing is sent until a method is called; a
 * stream method sends its request when iteration starts.
 *
 * @example
 * import { lnd } from '@btcfi/lnd'
 * const backend = lnd({ url: 'https://127.0.0.1:8080', macaroon: adminHex, cert: tlsCertPem })
 * const client = createClient({ backend, network: 'regtest' })
 * const info = await getInfo(client)
 * // or one RPC, straight: import { rpcs } from '@btcfi/wire'
 * const channels = await backend.call(rpcs.listChannels)
 */
export function lnd(options: LndOptions | LndConnectOptions): LndBackend {
  const resolved =
    'lndconnect' in options ? { ...options, ...parseLndConnect(options.lndconnect) } : options
  const target = parseUrl(resolved.url)
  checkTransport(
    target,
    resolved.cert !== undefined,
    'allowInsecureHttp' in options && options.allowInsecureHttp === true,
  )
  const macaroonHex = toMacaroonHex(resolved.macaroon)
  const cert = resolved.cert === undefined ? undefined : toPem(resolved.cert)
  const timeoutMs = options.timeoutMs ?? 30_000
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0))
    throw invalidArgument('timeoutMs', 'a positive integer', { received: String(timeoutMs) })
  const retry = options.retry ?? 2
  if (!(Number.isInteger(retry) && retry >= 0))
    throw invalidArgument('retry', 'an integer ≥ 0', { received: String(retry) })
  return backendFrom(
    restTransport({ url: target, macaroonHex, cert, timeoutMs, retry, fetch: options.fetch }),
  )
}

/** `https://user:pw@host:port/` → `https://host:port`: no credential, no trailing slash. */
function parseUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalidArgument('url', 'an absolute URL, e.g. https://127.0.0.1:8080')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalidArgument('url', "https:// (lnd's REST server)", { received: url.protocol })
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`
}

function toMacaroonHex(macaroon: string | Uint8Array): string {
  if (macaroon instanceof Uint8Array) {
    if (macaroon.length === 0)
      throw invalidArgument('macaroon', 'hex or bytes', { received: '0 bytes' })
    return bytesToHex(macaroon)
  }
  // core's validators never quote the value: a macaroon is safe to check with them.
  assertHex(macaroon, { name: 'macaroon' })
  if (macaroon.length === 0)
    throw invalidArgument('macaroon', 'hex or bytes', { received: 'an empty string' })
  return macaroon.toLowerCase()
}

function toPem(cert: string | Uint8Array): string {
  if (typeof cert === 'string') {
    if (!cert.includes('-----BEGIN CERTIFICATE-----'))
      throw invalidArgument('cert', 'PEM (-----BEGIN CERTIFICATE-----) or bytes')
    return cert
  }
  const text = new TextDecoder().decode(cert.subarray(0, 64))
  return text.includes('-----BEGIN') ? new TextDecoder().decode(cert) : derToPem(cert)
}

import { base64UrlToBytes, bytesToHex } from '@btcfi/core'
import { invalidArgument } from '../transport/errors.js'
import { derToPem } from './derToPem.js'

/** What an lndconnect URI holds, ready for `lnd()`. */
export interface LndConnectParams {
  /** `https://host:port` of lnd's REST server. */
  url: string
  /** The macaroon, hex. */
  macaroon: string
  /** The TLS certificate as PEM, or undefined when the URI has none (a CA-signed certificate). */
  cert: string | undefined
}

const uriShape = 'lndconnect://host:port?cert=<base64url DER>&macaroon=<base64url>'

/** lnd's default REST port, used when the URI has none. */
const defaultRestPort = '8080'

/**
 * Parses an lndconnect URI: `lndconnect://host:port?cert=<base64url DER>&macaroon=<base64url>`.
 * The port is taken as lnd's REST port (make the URI with `lndconnect --port=8080`).
 * Errors never quote the URI: it holds the macaroon.
 *
 * @example
 * const { url, macaroon, cert } = parseLndConnect('lndconnect://127.0.0.1:8080?cert=MIIC...&macaroon=AgED...')
 */
export function parseLndConnect(uri: string): LndConnectParams {
  if (typeof uri !== 'string' || !/^lndconnect:\/\//i.test(uri.trim()))
    throw invalidArgument('lndconnect', uriShape)
  let parsed: URL
  try {
    parsed = new URL(uri.trim())
  } catch (error) {
    throw invalidArgument('lndconnect', uriShape, { received: 'an invalid URL', cause: error })
  }
  if (!parsed.hostname) throw invalidArgument('lndconnect', uriShape, { received: 'no host' })
  const macaroon = parsed.searchParams.get('macaroon')
  if (!macaroon) throw invalidArgument('lndconnect', uriShape, { received: 'no macaroon' })
  let macaroonBytes: Uint8Array
  try {
    macaroonBytes = base64UrlToBytes(unpad(macaroon))
  } catch {
    throw invalidArgument('lndconnect macaroon', 'base64url')
  }
  const certParam = parsed.searchParams.get('cert')
  let cert: string | undefined
  if (certParam) {
    try {
      cert = derToPem(base64UrlToBytes(unpad(certParam)))
    } catch (error) {
      throw invalidArgument('lndconnect cert', 'base64url DER', { cause: error })
    }
  }
  return {
    url: `https://${parsed.hostname}:${parsed.port || defaultRestPort}`,
    macaroon: bytesToHex(macaroonBytes),
    cert,
  }
}

function unpad(value: string): string {
  // Some tools pad, or leave standard-base64 characters: normalise to bare base64url.
  return value.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
}

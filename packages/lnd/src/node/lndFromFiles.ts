import { readFileSync } from 'node:fs'
import { type LndBackend, type LndCommonOptions, lnd } from '../backend/lnd.js'
import { invalidArgument } from '../transport/errors.js'

export interface LndFromFilesOptions extends LndCommonOptions {
  /** lnd's REST address, e.g. `https://127.0.0.1:8080`. */
  url: string
  /** e.g. `~/.lnd/data/chain/bitcoin/mainnet/admin.macaroon` (expand `~` yourself). */
  macaroonPath: string
  /** e.g. `~/.lnd/tls.cert`; absent: the system's CAs. */
  certPath?: string | undefined
  /** Allows `http://` to a loopback host only; see `LndOptions.allowInsecureHttp`. Default false. */
  allowInsecureHttp?: boolean | undefined
}

/**
 * `lnd()` from lnd's own files (Node only): reads the macaroon and the
 * certificate once, now.
 *
 * @example
 * import { lndFromFiles } from '@btcfi/lnd/node'
 * const backend = lndFromFiles({
 *   url: 'https://127.0.0.1:8080',
 *   macaroonPath: '/home/me/.lnd/data/chain/bitcoin/regtest/admin.macaroon',
 *   certPath: '/home/me/.lnd/tls.cert',
 * })
 */
export function lndFromFiles(options: LndFromFilesOptions): LndBackend {
  const { macaroonPath, certPath, ...rest } = options
  return lnd({
    ...rest,
    macaroon: read(macaroonPath, 'macaroonPath'),
    cert: certPath === undefined ? undefined : read(certPath, 'certPath'),
  })
}

function read(path: string, name: string): Uint8Array {
  try {
    return readFileSync(path)
  } catch (error) {
    throw invalidArgument(name, 'a readable file', { received: path, cause: error })
  }
}

/** The lnd and btcd this harness builds and runs (pinned in go/lightning/go.mod). */
export const LND_VERSION = 'v0.21.3-beta'
export const BTCD_VERSION = 'v0.25.1-0.20260310163610-1c55c7c18179'

/** lnd's RPC sub-servers the SDK needs, compiled in by build tag. */
export const LND_BUILD_TAGS = [
  'signrpc',
  'walletrpc',
  'chainrpc',
  'invoicesrpc',
  'routerrpc',
  'peersrpc',
] as const

export const BINARY_NAMES = ['lnd', 'lncli', 'btcd', 'btcctl'] as const
export type BinaryName = (typeof BINARY_NAMES)[number]
export type Binaries = Record<BinaryName, string>

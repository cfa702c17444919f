import { type Backend, InvalidArgumentError } from '@btcfi/core'
import { backendFrom } from '@btcfi/wire'
import { createConnection } from '../connection/createConnection.js'
import type { LncOptions } from '../connection/LncOptions.js'
import { lncTransport } from '../rpc/lncTransport.js'

/** The Lightning Node Connect backend. */
export interface LncBackend extends Backend {
  readonly kind: 'lnc'
  /**
   * Pairs with the node (or reconnects with stored credentials). Calls do it
   * on first use; call it to pair up front and see pairing errors early.
   */
  connect(): Promise<void>
  /** When the session expires (known once connected). */
  expiry(): Date | undefined
  /** Whether the session only reads (known once connected). */
  isReadOnly(): boolean
  /** Whether the session grants an RPC, e.g. `routerrpc.Router.SendPaymentV2` (once connected). */
  hasPermission(method: string): boolean
  /** Disconnects from the mailbox. */
  close(): Promise<void>
}

/**
 * A `Backend` over Lightning Node Connect, on `@lightninglabs/lnc-web`: the
 * same results, events and typed errors as the REST backend: both run on
 * `@btcfi/wire`'s one RPC table, and lnd's errors go through core's one map.
 * Before each call it checks that the session is alive and grants the call,
 * so that a read-only session refuses a payment with `PermissionDeniedError`
 * without sending anything. Nothing happens until the first call.
 *
 * In Node 20, install a WebSocket first (`installWebSocket` from `@btcfi/lnc/node`).
 *
 * @example
 * import { lnc } from '@btcfi/lnc'
 * import { createClient } from '@btcfi/sdk'
 * const backend = lnc({ pairingPhrase, mailbox: 'mailbox.example.com:443', wasmUrl: '/lnc.wasm', password })
 * const client = createClient({ backend })
 * const info = await client.getInfo()
 */
export function lnc(options: LncOptions): LncBackend {
  if (typeof options.mailbox !== 'string' || !/^[^\s/:]+:\d+$/.test(options.mailbox))
    throw new InvalidArgumentError(
      'mailbox',
      'host:port, e.g. mailbox.terminal.lightning.today:443',
    )
  if (typeof options.wasmUrl !== 'string' || options.wasmUrl === '')
    throw new InvalidArgumentError('wasmUrl', 'the URL of the LNC wasm client')
  if (
    options.pairingPhrase !== undefined &&
    options.pairingPhrase.trim().split(/\s+/).length !== 10
  )
    throw new InvalidArgumentError('pairingPhrase', 'ten words', { received: 'another shape' })
  const timeoutMs = options.timeoutMs ?? 30_000
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0))
    throw new InvalidArgumentError('timeoutMs', 'a positive integer', {
      received: String(timeoutMs),
    })

  const target = `lnc://${options.mailbox}`
  const connection = createConnection(options)
  const transport = lncTransport(connection, {
    target,
    timeoutMs,
    secrets: () => [options.pairingPhrase ?? '', options.password ?? ''].filter(Boolean),
  })
  return Object.assign(backendFrom(transport), {
    connect: async () => {
      await connection.connect()
    },
    expiry: () => connection.expiry(),
    isReadOnly: () => connection.isReadOnly(),
    hasPermission: (method: string) => connection.hasPermission(method),
  })
}

import {
  LncPairingError,
  LncSessionExpiredError,
  NodeUnreachableError,
  PermissionDeniedError,
  redact,
} from '@btcfi/core'
import type { CredentialStore } from '@lightninglabs/lnc-web'
import { credentialStore } from '../credentials/credentialStore.js'
import { decryptCredentials, encryptCredentials } from '../credentials/encryptCredentials.js'
import type { LncCredentials } from '../credentials/LncCredentials.js'
import type { LncStorage } from '../credentials/LncStorage.js'
import { memoryStorage } from '../credentials/memoryStorage.js'
import type { WasmClient } from '../rpc/WasmClient.js'
import type { LncOptions } from './LncOptions.js'

/** A connection to the node through lnc-web, made on first use. */
export interface LncConnection {
  /** Pairs (or reconnects with stored credentials) once; later calls share it. */
  connect(): Promise<WasmClient>
  /**
   * Connects, then checks that the session is alive and grants `method`
   * (`lnrpc.Lightning.GetInfo`): the typed refusal comes before any call.
   */
  authorize(method: string): Promise<WasmClient>
  /** When the session's macaroon expires, once connected. */
  expiry(): Date | undefined
  isReadOnly(): boolean
  hasPermission(method: string): boolean
  close(): Promise<void>
}

/** lnc-web's `LNC` as this package drives it. */
interface LncWeb {
  connect(): Promise<void>
  disconnect(): void
}

let namespaces = 0

export function createConnection(options: LncOptions): LncConnection {
  const namespace = options.namespace ?? `btcfiLnc${++namespaces}`
  const storage: LncStorage = options.storage ?? defaultStorage()
  const storageKey = options.storageKey ?? `btcfi-lnc:${options.mailbox}`
  const target = `lnc://${options.mailbox}`
  let connecting: Promise<WasmClient> | undefined
  let client: LncWeb | undefined
  let wasm: WasmClient | undefined
  let secrets: string[] = [options.pairingPhrase ?? '', options.password ?? ''].filter(Boolean)

  async function storedCredentials(): Promise<LncCredentials | undefined> {
    if (options.password === undefined) return undefined
    const stored = await storage.getItem(storageKey)
    if (stored === null) return undefined
    try {
      const credentials = await decryptCredentials(stored, options.password)
      return credentials.mailbox === options.mailbox ? credentials : undefined
    } catch (cause) {
      throw new LncPairingError('the stored credentials cannot be decrypted with this password', {
        cause: cause instanceof Error ? new Error(redact(cause.message, secrets)) : undefined,
      })
    }
  }

  async function open(): Promise<WasmClient> {
    if (typeof globalThis.WebSocket !== 'function')
      throw new LncPairingError('there is no WebSocket', {
        details:
          'Node 20 has no global WebSocket: call installWebSocket() from @btcfi/lnc/node first',
      })
    const stored = await storedCredentials()
    // A phrase pairs once: with the phrase of the stored pairing, reconnect with its keys.
    const reuse =
      stored &&
      (options.pairingPhrase === undefined || options.pairingPhrase === stored.pairingPhrase)
    if (!reuse && options.pairingPhrase === undefined)
      throw new LncPairingError(
        options.password === undefined
          ? 'no pairing phrase, and no password to unlock stored credentials'
          : 'no pairing phrase, and no stored credentials for this mailbox',
      )
    const initial = reuse && stored ? stored : { pairingPhrase: options.pairingPhrase ?? '' }
    secrets = [...secrets, initial.pairingPhrase ?? '', (reuse && stored?.localKey) || ''].filter(
      Boolean,
    )
    const store = credentialStore({ ...initial, mailbox: options.mailbox })
    const started = Date.now()
    const LNC = lncWebConstructor(await import('@lightninglabs/lnc-web'))
    const lnc = new LNC({
      serverHost: options.mailbox,
      wasmClientCode: options.wasmUrl,
      namespace,
      credentialStore: store,
    })
    client = lnc
    try {
      await lnc.connect().catch(async (error: unknown) => {
        // lnc-web stops waiting after ~10 s while the wasm client keeps
        // dialling: give it the rest of connectTimeoutMs.
        const wasmClient = (globalThis as unknown as Record<string, WasmClient | undefined>)[
          namespace
        ]
        const deadline = started + (options.connectTimeoutMs ?? 30_000)
        while (Date.now() < deadline) {
          if (wasmClient?.wasmClientIsConnected()) return
          await new Promise((resolve) => setTimeout(resolve, 250))
        }
        throw error
      })
    } catch (cause) {
      lnc.disconnect()
      client = undefined
      const message = cause instanceof Error ? cause.message : String(cause)
      throw new LncPairingError(
        reuse
          ? 'the node did not accept the stored credentials (session revoked or expired), or the mailbox is unreachable'
          : 'the pairing phrase was not accepted (already used, mistyped or revoked), or the mailbox is unreachable',
        { details: redact(message, secrets) },
      )
    }
    const connected = (globalThis as unknown as Record<string, WasmClient>)[namespace]!
    wasm = connected
    if (options.password !== undefined) {
      const credentials: LncCredentials = {
        mailbox: options.mailbox,
        pairingPhrase: store.pairingPhrase,
        localKey: store.localKey,
        remoteKey: store.remoteKey,
      }
      secrets = [...secrets, credentials.localKey].filter(Boolean)
      await storage.setItem(storageKey, await encryptCredentials(credentials, options.password))
    }
    return connected
  }

  const expiry = (): Date | undefined => {
    const seconds = wasm?.wasmClientGetExpiry()
    return typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000) : undefined
  }

  const connection: LncConnection = {
    connect() {
      connecting ??= open().catch((error: unknown) => {
        connecting = undefined
        throw error
      })
      return connecting
    },
    async authorize(method) {
      const client = await connection.connect()
      const expiresAt = expiry()
      if (expiresAt && expiresAt.getTime() <= Date.now())
        throw new LncSessionExpiredError(expiresAt)
      if (!client.wasmClientHasPerms(method))
        throw new PermissionDeniedError(
          `the LNC session${client.wasmClientIsReadOnly() ? ' is read-only and' : ''} does not allow ${method}`,
        )
      if (!client.wasmClientIsConnected())
        throw new NodeUnreachableError(target, { details: 'the LNC connection is closed' })
      return client
    },
    expiry,
    isReadOnly: () => wasm?.wasmClientIsReadOnly() ?? false,
    hasPermission: (method) => wasm?.wasmClientHasPerms(method) ?? false,
    async close() {
      const pending = connecting
      connecting = undefined
      await pending?.catch(() => undefined)
      client?.disconnect()
      client = undefined
      wasm = undefined
      // The wasm client's functions stay reachable from the namespace: let them go.
      delete (globalThis as Record<string, unknown>)[namespace]
    },
  }
  return connection
}

function defaultStorage(): LncStorage {
  const local = (globalThis as { localStorage?: LncStorage }).localStorage
  return local ?? memoryStorage()
}

type LncWebConstructor = new (config: {
  serverHost: string
  wasmClientCode: string
  namespace: string
  credentialStore: CredentialStore
}) => LncWeb

/**
 * lnc-web is a CommonJS bundle whose `exports.default` is the `LNC` class:
 * Node's ESM import nests it one level deeper than bundlers do.
 */
function lncWebConstructor(module: unknown): LncWebConstructor {
  let candidate: unknown = module
  for (let depth = 0; depth < 3 && typeof candidate !== 'function'; depth++)
    candidate = (candidate as { default?: unknown } | undefined)?.default
  if (typeof candidate !== 'function')
    throw new LncPairingError('@lightninglabs/lnc-web did not load', {
      details: 'no LNC class in its exports',
    })
  return candidate as LncWebConstructor
}

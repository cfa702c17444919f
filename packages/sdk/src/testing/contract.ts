import { appendFileSync } from 'node:fs'
import type { Backend } from '@btcfi/core'
import { installWebSocket, lnc } from '@btcfi/lnc/node'
import { lnd } from '@btcfi/lnd'
import type { Network, NodeHandle } from '@btcfi/regtest/vitest'
import { createLightningClient, type LightningClient } from '../client/lightningActions.js'

// The contract suite: the client's regtest tests run once per backend, LND
// REST and Lightning Node Connect, against the same nodes, as a parameter of
// `describe.each` (see contractTargets). The LNC backend takes part when the
// network has an LNC path (`startNetwork({ lnc: true })`, the default of the
// test setup); `BTCFI_CONTRACT_BACKENDS=lnd` (or `lnc`) narrows the run.

export type BackendKind = 'lnd' | 'lnc'
type Name = 'alice' | 'bob' | 'carol'

/** One backend of the contract suite: clients of the three nodes over it. */
export interface ContractTarget {
  kind: BackendKind
  alice: LightningClient
  bob: LightningClient
  carol: LightningClient
  /** A new client of a node over this backend (a new connection, a new LNC pairing). */
  fresh(node: Name): Promise<LightningClient>
  /** A new backend of a node (closed with the others by `closeContractTargets`). */
  freshBackend(node: Name): Promise<Backend>
}

const opened: Backend[] = []

function wrap(kind: BackendKind, backend: Backend): LightningClient {
  opened.push(backend)
  const client = createLightningClient({ backend, network: 'regtest', pollIntervalMs: 1_000 })
  return recordActions(kind, client)
}

async function backendOf(kind: BackendKind, net: Network, node: NodeHandle): Promise<Backend> {
  if (kind === 'lnd')
    return lnd({ url: node.restUrl, macaroon: node.macaroons.admin, cert: node.tlsCert })
  const path = net.lnc!
  installWebSocket({ ca: path.mailboxCert })
  const { pairingPhrase } = await path.createSession(node.name, { type: 'admin' })
  const backend = lnc({ pairingPhrase, mailbox: path.mailbox, wasmUrl: path.wasmUrl })
  await backend.connect()
  return backend
}

/**
 * `[kind, target]` pairs for `describe.each`: LND REST always, LNC when the
 * network has its path.
 *
 * @example
 * const targets = await contractTargets(net)
 * afterAll(closeContractTargets)
 * describe.each(targets)('payments over %s', (_kind, { alice, carol }) => { ... })
 */
export async function contractTargets(
  net: Network,
  names: readonly Name[] = ['alice', 'bob', 'carol'],
): Promise<[BackendKind, ContractTarget][]> {
  const wanted = (process.env.BTCFI_CONTRACT_BACKENDS ?? 'lnd,lnc').split(',')
  const kinds = (['lnd', 'lnc'] as const).filter(
    (kind) => wanted.includes(kind) && (kind === 'lnd' || net.lnc !== undefined),
  )
  const targets: [BackendKind, ContractTarget][] = []
  for (const kind of kinds) {
    const freshBackend = async (name: Name) => {
      const backend = await backendOf(kind, net, net.node(name))
      opened.push(backend)
      return backend
    }
    const fresh = async (name: Name) => wrap(kind, await backendOf(kind, net, net.node(name)))
    const clients = {} as Record<Name, LightningClient>
    for (const name of ['alice', 'bob', 'carol'] as const) {
      // Nodes a file does not use get a client that pairs on first use only.
      clients[name] = names.includes(name) ? await fresh(name) : lazyClient(() => fresh(name))
    }
    targets.push([kind, { kind, ...clients, fresh, freshBackend }])
  }
  return targets
}

/** Closes every backend the contract targets opened (LNC: disconnects from the mailbox). */
export async function closeContractTargets(): Promise<void> {
  await Promise.all(opened.splice(0).map((backend) => backend.close?.()))
}

/** A client that builds the real one on its first call. */
function lazyClient(make: () => Promise<LightningClient>): LightningClient {
  let client: Promise<LightningClient> | undefined
  return new Proxy({} as LightningClient, {
    get(_target, property) {
      return (...args: unknown[]) => {
        client ??= make()
        return client.then((c) =>
          (c[property as keyof LightningClient] as (...a: unknown[]) => unknown)(...args),
        )
      }
    },
  })
}

/**
 * Records each action that resolved, per backend, into the file named by
 * `BTCFI_CONTRACT_REPORT` (one JSON line per action call), for the count of
 * actions that pass on each backend.
 */
function recordActions(kind: BackendKind, client: LightningClient): LightningClient {
  const report = process.env.BTCFI_CONTRACT_REPORT
  if (!report) return client
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (typeof value !== 'function' || property === 'extend') return value
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args)
        const record = () =>
          appendFileSync(report, `${JSON.stringify({ backend: kind, action: String(property) })}\n`)
        if (result instanceof Promise)
          return result.then((v: unknown) => {
            record()
            return v
          })
        record()
        return result
      }
    },
  })
}

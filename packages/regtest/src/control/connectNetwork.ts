import type { LncNetwork, LncSessionType } from '../lnc/types.js'
import type { Network, NodeHandle, OpenedChannel } from '../network/types.js'
import { httpJson } from '../rpc/httpJson.js'
import type { NetworkDescription } from './serveNetwork.js'

export interface NetworkAddress {
  /** The control server's URL, `http://127.0.0.1:<port>`. */
  url: string
  token: string
}

/**
 * A `Network` whose controls run in another process (the test setup, or the
 * CLI's daemon), reached through its control server.
 */
export async function connectNetwork(address: NetworkAddress): Promise<Network> {
  const target = { url: address.url, headers: { authorization: `Bearer ${address.token}` } }
  const call = <T = unknown>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    timeoutMs = 300_000,
  ) =>
    httpJson<T>(target, method, path, body, { timeoutMs }).catch((error: unknown) => {
      const body = (error as { body?: string }).body
      const message = body ? (JSON.parse(body) as { error?: string }).error : undefined
      throw message ? new Error(message) : error
    })
  const description = await call<NetworkDescription>('GET', '/network')
  let channels: OpenedChannel[] = description.channels
  const refresh = async () => {
    channels = (await call<NetworkDescription>('GET', '/network')).channels
  }
  const nodes: Record<string, NodeHandle> = description.nodes
  const nodeAction = (action: string) => async (name: string) => {
    await call('POST', `/${action}`, { node: name })
  }
  const lncInfo = description.lnc
  const lnc: LncNetwork | undefined = lncInfo && {
    ...lncInfo,
    createSession: async (node, params = {}) => {
      const session = await call<{ pairingPhrase: string; type: LncSessionType; expiry: string }>(
        'POST',
        '/lnc/session',
        { node, ...params },
      )
      return { ...session, expiry: new Date(session.expiry) }
    },
    restartMailbox: async () => {
      await call('POST', '/lnc/restart-mailbox')
    },
  }
  return {
    kind: 'remote',
    ...(description.btcd ? { btcd: description.btcd } : {}),
    nodes,
    ...(lnc ? { lnc } : {}),
    channels: () => [...channels],
    node(name) {
      const handle = nodes[name]
      if (!handle) throw new Error(`no node named ${name}; nodes: ${Object.keys(nodes).join(', ')}`)
      return handle
    },
    height: async () => (await call<{ height: number }>('GET', '/height')).height,
    mine: async (blocks) => (await call<{ hashes: string[] }>('POST', '/mine', { blocks })).hashes,
    fund: async (name, amountSat) => {
      await call('POST', '/fund', { node: name, amountSat: amountSat.toString() })
    },
    openChannel: async (spec) => {
      const opened = await call<OpenedChannel>('POST', '/open-channel', {
        ...spec,
        capacitySat: spec.capacitySat.toString(),
        pushSat: (spec.pushSat ?? 0n).toString(),
      })
      await refresh()
      return opened
    },
    closeChannel: async (params) => {
      await call('POST', '/close-channel', params)
      await refresh()
    },
    stopNode: nodeAction('stop-node'),
    killNode: nodeAction('kill-node'),
    startNode: nodeAction('start-node'),
    restartNode: nodeAction('restart-node'),
    stop: async () => {
      await call('POST', '/stop')
    },
  }
}

import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { LncNetwork } from '../lnc/types.js'
import type { BtcdHandle, Network } from '../network/types.js'

export interface NetworkServer {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** Bearer token every request must carry. */
  token: string
  close(): Promise<void>
}

/** What `GET /network` answers: the handles and the channels. */
export interface NetworkDescription {
  kind: Network['kind']
  nodes: Network['nodes']
  channels: ReturnType<Network['channels']>
  /** Where the network's btcd is, when the harness started it. */
  btcd?: BtcdHandle
  /** Where the LNC path is, when the network has one. */
  lnc?: Pick<LncNetwork, 'mailbox' | 'mailboxCert' | 'wasmUrl' | 'wasmExecUrl'>
}

/**
 * Serves a network's controls over loopback HTTP (JSON), so that other
 * processes (test workers, the CLI, other tools) can mine, restart nodes and
 * read connection details. `connectNetwork` is the client.
 */
export async function serveNetwork(
  network: Network,
  {
    port = 0,
    token = randomBytes(24).toString('hex'),
    onStop,
  }: {
    port?: number
    token?: string
    /** Called after a client asked the network to stop. */
    onStop?: () => void
  } = {},
): Promise<NetworkServer> {
  const expected = Buffer.from(`Bearer ${token}`)
  const routes: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    'GET /network': async () => describe(network),
    'GET /height': async () => ({ height: await network.height() }),
    'POST /mine': async ({ blocks }) => ({ hashes: await network.mine(Number(blocks)) }),
    'POST /fund': async ({ node, amountSat }) =>
      network.fund(String(node), BigInt(String(amountSat))),
    'POST /open-channel': async ({ from, to, capacitySat, pushSat }) =>
      network.openChannel({
        from: String(from),
        to: String(to),
        capacitySat: BigInt(String(capacitySat)),
        pushSat: BigInt(String(pushSat ?? 0)),
      }),
    'POST /close-channel': async ({ node, channelPoint, force }) =>
      network.closeChannel({
        node: String(node),
        channelPoint: String(channelPoint),
        force: force === true,
      }),
    'POST /stop-node': async ({ node }) => network.stopNode(String(node)),
    'POST /kill-node': async ({ node }) => network.killNode(String(node)),
    'POST /start-node': async ({ node }) => network.startNode(String(node)),
    'POST /restart-node': async ({ node }) => network.restartNode(String(node)),
    'POST /lnc/session': async ({ node, type, expirySeconds }) =>
      lncOf(network).createSession(String(node), {
        type: type === 'readonly' ? 'readonly' : 'admin',
        ...(typeof expirySeconds === 'number' ? { expirySeconds } : {}),
      }),
    'POST /lnc/restart-mailbox': async () => lncOf(network).restartMailbox(),
    'POST /stop': async () => {
      setImmediate(() => onStop?.())
      return { stopping: true }
    },
  }

  const server = createServer(async (req, res) => {
    const auth = Buffer.from(req.headers.authorization ?? '')
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify(body ?? {}, (_key, value) =>
          typeof value === 'bigint' ? value.toString() : value,
        ),
      )
    }
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
      send(401, { error: 'missing or wrong bearer token' })
      return
    }
    const route = routes[`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`]
    if (!route) {
      send(404, { error: `no route ${req.method} ${req.url}` })
      return
    }
    try {
      send(200, await route(await readJson(req)))
    } catch (error) {
      send(500, { error: error instanceof Error ? error.message : String(error) })
    }
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`
  return {
    url,
    token,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function describe(network: Network): NetworkDescription {
  const { lnc } = network
  return {
    kind: network.kind,
    nodes: network.nodes,
    channels: network.channels(),
    ...(network.btcd ? { btcd: network.btcd } : {}),
    ...(lnc
      ? {
          lnc: {
            mailbox: lnc.mailbox,
            mailboxCert: lnc.mailboxCert,
            wasmUrl: lnc.wasmUrl,
            wasmExecUrl: lnc.wasmExecUrl,
          },
        }
      : {}),
  }
}

function lncOf(network: Network): LncNetwork {
  if (!network.lnc) throw new Error('this network has no LNC path (start it with lnc: true)')
  return network.lnc
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = ''
  for await (const chunk of req) text += chunk
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

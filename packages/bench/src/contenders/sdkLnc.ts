import { lnc } from '@btcfi/lnc'
import { installWebSocket } from '@btcfi/lnc/node'
import { rpcs } from '@btcfi/wire'
import type { ContenderFactory } from './Contender.js'
import { sdkContender } from './sdkContender.js'

/** Pairing plus the first call of each LNC backend, ms (for the report's start-up figures). */
export const lncPairMs: number[] = []

/**
 * The SDK over Lightning Node Connect: an admin session per node, paired
 * through the network's mailbox, then `createClient({ backend: lnc({ ... }) })`.
 */
export const sdkLnc: ContenderFactory = (nodes) => {
  const path = nodes.lnc
  if (!path) throw new Error('the SDK over LNC needs the network started with its LNC path')
  installWebSocket({ ca: path.mailboxCert })
  return sdkContender('SDK (LNC)', nodes, async (node) => {
    const started = performance.now()
    const { pairingPhrase } = await path.createSession(node.name, { type: 'admin' })
    const backend = lnc({ pairingPhrase, mailbox: path.mailbox, wasmUrl: path.wasmUrl })
    await backend.connect()
    await backend.call(rpcs.getInfo)
    lncPairMs.push(performance.now() - started)
    return { backend, close: () => backend.close() }
  })
}

import { lnd } from '@btcfi/lnd'
import type { ContenderFactory } from './Contender.js'
import { sdkContender } from './sdkContender.js'

/** The SDK over LND REST: `createClient({ backend: lnd({ url, macaroon, cert }) })`. */
export const sdkLnd: ContenderFactory = (nodes) =>
  sdkContender('SDK (LND REST)', nodes, (node) => {
    const backend = lnd({ url: node.restUrl, macaroon: node.macaroons.admin, cert: node.tlsCert })
    return { backend, close: () => backend.close() }
  })

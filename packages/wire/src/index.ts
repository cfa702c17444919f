// @btcfi/wire: lnd's RPCs, once. `rpcs` holds one entry per RPC (route,
// request, reply mapping, stream end); `backendFrom` makes a Backend of any
// transport. No network code: the REST transport is @btcfi/lnd's, the LNC
// one @btcfi/lnc's.

import * as rpcs from './rpcs/index.js'

export { backendFrom, type Printable } from './backend/backendFrom.js'
export {
  backendOf,
  type RpcHandler,
  type RpcHandlers,
  type RpcName,
  rpcNameOf,
} from './backend/backendOf.js'
export { type HttpRequest, toHttpRequest } from './http/httpRequest.js'
export type { RouteFeeRequest } from './rpcs/payment.js'
export type { Transport, WireStream } from './transport/Transport.js'
/** Every RPC entry, by name (`rpcs.getInfo`): a bundler keeps only those an app uses. */
export { rpcs }

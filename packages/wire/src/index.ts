// @btcfi/wire: lnd's RPCs, once. The table (route, request, mapping, stream
// end of each RPC) and `backendFrom`, which makes a Backend of any transport.
// No network code: the REST transport is @btcfi/lnd's, the LNC one @btcfi/lnc's.

export { backendFrom, type Printable } from './backend/backendFrom.js'
export { type HttpRequest, toHttpRequest } from './rpc/httpRequest.js'
export type {
  HttpRule,
  RequestOf,
  ResultOf,
  RpcName,
  RpcRoute,
  RpcTable,
  StreamRpc,
  UnaryRpc,
} from './rpc/Rpc.js'
export { rpcs } from './rpc/rpcs.js'
export type { Transport, WireStream } from './transport/Transport.js'

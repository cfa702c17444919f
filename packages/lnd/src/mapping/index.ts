// lnd's JSON wire formats and their mapping to core's types, shared by every
// transport that receives lnd's JSON as lnd prints it: the REST backend here,
// and the LNC backend (@btcfi/lnc), whose wasm client prints gRPC replies with
// the same marshaler as lnd's REST gateway.
export * from './channel.js'
export * from './info.js'
export * from './invoice.js'
export * from './onchain.js'
export * from './payment.js'
export * from './peer.js'
export {
  bytesField,
  pathBytes,
  toBigInt,
  toHex,
  toNumber,
  type WireBytes,
  type WireInt64,
} from './wire.js'

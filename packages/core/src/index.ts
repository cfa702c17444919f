// @btcfi/core: types, errors, amounts, BOLT 11, hashes and the node backend contract.

export {
  type AmountUnit,
  btcToMsat,
  formatMsat,
  MAX_MSAT,
  MSAT_PER_BTC,
  MSAT_PER_SAT,
  msatToSat,
  parseAmount,
  type Rounding,
  SAT_PER_BTC,
  satToMsat,
} from './amounts/amounts.js'
export type { Backend, CallOptions, NodeStream } from './backend/Backend.js'
export type {
  DecodedInvoice,
  InvoiceFeature,
  InvoiceFields,
  RouteHintHop,
} from './bolt11/DecodedInvoice.js'
export { decodeInvoice } from './bolt11/decodeInvoice.js'
export { readInvoice } from './bolt11/readInvoice.js'
export { type ValidateInvoiceOptions, validateInvoice } from './bolt11/validateInvoice.js'
export {
  constantTimeEqual,
  derivePreimage,
  paymentHashOf,
  randomPreimage,
  sha256Hex,
  verifyPreimage,
} from './crypto/preimage.js'
export {
  base64ToBytes,
  base64ToHex,
  base64UrlToBytes,
  bytesToBase64,
  bytesToBase64Url,
  bytesToHex,
  bytesToUtf8,
  hexToBase64,
  hexToBase64Url,
  hexToBytes,
  utf8ToBytes,
} from './encoding/encoding.js'
export * from './errors/index.js'
export type * from './types/index.js'
export {
  assertAmount,
  assertHash,
  assertHex,
  assertInteger,
  assertPositiveMsat,
  assertPubkey,
} from './validate/validate.js'

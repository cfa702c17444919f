/**
 * What any call to the node can fail with, whatever it asks: the connection,
 * the caller's signal, the credentials and the node's state, lnd's unmapped
 * answers (`NODE_ERROR`) and replies the SDK cannot read (`PROTOCOL`).
 */
export type NodeCallErrorType =
  | 'NODE_UNREACHABLE'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'PERMISSION_DENIED'
  | 'WALLET_LOCKED'
  | 'NODE_ERROR'
  | 'PROTOCOL'
  | 'LNC_PAIRING_FAILED'
  | 'LNC_SESSION_EXPIRED'

import type { Hex } from './node.js'

export type AddressType = 'p2wkh' | 'np2wkh' | 'p2tr'

export interface SendCoinsRequest {
  address: string
  amountSat?: bigint
  /** Send the whole wallet balance. */
  sendAll?: boolean
  satPerVbyte?: bigint
  targetConf?: number
  label?: string
}

export interface SentCoins {
  txid: Hex
}

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

/** Which of the wallet's transactions to list, by block height (both inclusive). */
export interface ListTransactionsRequest {
  /** From this height. Default 0. */
  startHeight?: number
  /** Up to this height; -1 (the default): to the chain tip, and the unconfirmed ones too. */
  endHeight?: number
}

/** One output of an on-chain transaction. */
export interface TransactionOutput {
  address: string
  amountSat: bigint
  outputIndex: number
  /** Whether the output pays this wallet (change, or a receipt). */
  isOurs: boolean
}

/** One on-chain transaction of the wallet: a receipt, a send, a channel's funding or close. */
export interface OnchainTransaction {
  txid: Hex
  /** What it changed the wallet's balance by, in sat: negative when the wallet spent. */
  amountSat: bigint
  /** The fee the wallet paid, in sat (0 when another wallet paid it). */
  feeSat: bigint
  /** 0 while unconfirmed. */
  confirmations: number
  /** Undefined while unconfirmed. */
  blockHeight: number | undefined
  blockHash: Hex | undefined
  /** When the wallet first saw it. */
  at: Date
  label: string
  outputs: TransactionOutput[]
}

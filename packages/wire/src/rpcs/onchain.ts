import {
  type AddressType,
  assertInteger,
  assertObject,
  InvalidArgumentError,
  type ListTransactionsRequest,
  type OnchainBalance,
  type OnchainTransaction,
  type SendCoinsRequest,
  type SentCoins,
  type UnaryRpc,
} from '@btcfi/core'
import { nonZeroHex, secondsToDate, toBigInt, toNumber, type WireInt64 } from './wire.js'

/** `GET /v1/balance/blockchain` (lnrpc.WalletBalanceResponse). */
export interface LndWalletBalanceResponse {
  total_balance: WireInt64
  confirmed_balance: WireInt64
  unconfirmed_balance: WireInt64
  locked_balance: WireInt64
}

/** Body of `POST /v1/transactions` (lnrpc.SendCoinsRequest). */
export interface LndSendCoinsBody {
  addr: string
  amount?: WireInt64
  send_all?: boolean
  sat_per_vbyte?: WireInt64
  target_conf?: number
  label?: string
}

const addressTypes: Readonly<Record<AddressType, string>> = {
  p2wkh: 'WITNESS_PUBKEY_HASH',
  np2wkh: 'NESTED_PUBKEY_HASH',
  p2tr: 'TAPROOT_PUBKEY',
}

/** The lnrpc.AddressType name for `GET /v1/newaddress?type=`. */
export function toAddressType(type: AddressType): string {
  const wire = addressTypes[type]
  if (wire === undefined)
    throw new InvalidArgumentError('address type', 'p2wkh, np2wkh or p2tr', {
      received: String(type),
    })
  return wire
}

export function mapWalletBalance(wire: LndWalletBalanceResponse): OnchainBalance {
  return {
    totalSat: toBigInt(wire.total_balance),
    confirmedSat: toBigInt(wire.confirmed_balance),
    unconfirmedSat: toBigInt(wire.unconfirmed_balance),
    lockedSat: toBigInt(wire.locked_balance),
  }
}

export function toSendCoinsBody(request: SendCoinsRequest): LndSendCoinsBody {
  const body: LndSendCoinsBody = { addr: request.address }
  if (request.amountSat !== undefined) body.amount = request.amountSat.toString()
  if (request.sendAll !== undefined) body.send_all = request.sendAll
  if (request.satPerVbyte !== undefined) body.sat_per_vbyte = request.satPerVbyte.toString()
  if (request.targetConf !== undefined) body.target_conf = request.targetConf
  if (request.label !== undefined) body.label = request.label
  return body
}

/** `GET /v1/newaddress` reply (lnrpc.NewAddressResponse). */
export function mapNewAddress(wire: { address: string }): string {
  return wire.address
}

export function mapSentCoins(wire: { txid: string }): SentCoins {
  return { txid: wire.txid }
}

const HEIGHT = { min: -1, max: 2 ** 31 - 1 }

/** lnrpc.GetTransactionsRequest (`GET /v1/transactions`): heights, both inclusive. */
export function toGetTransactionsRequest(request: ListTransactionsRequest): {
  start_height?: number
  end_height: number
} {
  assertObject(request, 'request')
  const message: { start_height?: number; end_height: number } = { end_height: -1 }
  if (request.startHeight !== undefined) {
    assertInteger(request.startHeight, 'startHeight', { ...HEIGHT, min: 0 })
    message.start_height = request.startHeight
  }
  if (request.endHeight !== undefined) {
    assertInteger(request.endHeight, 'endHeight', HEIGHT)
    message.end_height = request.endHeight
  }
  return message
}

/** One of lnrpc.TransactionDetails' transactions. */
export interface LndTransaction {
  tx_hash: string
  amount?: WireInt64
  num_confirmations?: number
  block_hash?: string
  block_height?: number
  time_stamp?: WireInt64
  total_fees?: WireInt64
  label?: string
  output_details?: {
    address?: string
    amount?: WireInt64
    output_index?: WireInt64
    is_our_address?: boolean
  }[]
}

export function mapTransactions(wire: { transactions?: LndTransaction[] }): OnchainTransaction[] {
  return (wire.transactions ?? []).map((tx) => {
    const confirmations = tx.num_confirmations ?? 0
    return {
      txid: tx.tx_hash,
      amountSat: toBigInt(tx.amount),
      feeSat: toBigInt(tx.total_fees),
      confirmations,
      blockHeight: confirmations > 0 ? (tx.block_height ?? 0) : undefined,
      blockHash: confirmations > 0 ? nonZeroHex(tx.block_hash) : undefined,
      at: secondsToDate(tx.time_stamp),
      label: tx.label ?? '',
      outputs: (tx.output_details ?? []).map((output) => ({
        address: output.address ?? '',
        amountSat: toBigInt(output.amount),
        outputIndex: toNumber(output.output_index),
        isOurs: output.is_our_address ?? false,
      })),
    }
  })
}

// lnd's RPCs of this domain: each entry is what `Backend.call` (or `stream`) needs.

/** The on-chain wallet balance, in sat. */
export const walletBalance: UnaryRpc<undefined, OnchainBalance> = {
  grpc: 'lnrpc.Lightning.WalletBalance',
  http: 'GET v1/balance/blockchain',
  map: mapWalletBalance,
}

/** A new on-chain address of the wallet (each call derives one). */
export const newAddress: UnaryRpc<AddressType, string, 'INVALID_ARGUMENT'> = {
  grpc: 'lnrpc.Lightning.NewAddress',
  http: 'GET v1/newaddress',
  once: true,
  message: (type) => ({ type: toAddressType(type) }),
  map: mapNewAddress,
}

/** Sends on-chain coins. */
export const sendCoins: UnaryRpc<
  SendCoinsRequest,
  SentCoins,
  'INVALID_ARGUMENT' | 'INSUFFICIENT_BALANCE'
> = {
  grpc: 'lnrpc.Lightning.SendCoins',
  http: 'POST v1/transactions',
  message: toSendCoinsBody,
  map: mapSentCoins,
}

/** The on-chain transactions of the wallet in a range of heights (by default all, the unconfirmed too), newest first. */
export const getTransactions: UnaryRpc<
  ListTransactionsRequest,
  OnchainTransaction[],
  'INVALID_ARGUMENT'
> = {
  grpc: 'lnrpc.Lightning.GetTransactions',
  http: 'GET v1/transactions',
  message: toGetTransactionsRequest,
  map: mapTransactions,
}

import {
  type AddressType,
  InvalidArgumentError,
  type OnchainBalance,
  type SendCoinsRequest,
  type SentCoins,
  type UnaryRpc,
} from '@btcfi/core'
import { toBigInt, type WireInt64 } from './wire.js'

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

import type {
  Backend,
  ErrorCode,
  Invoice,
  NodeInfo,
  NodeStream,
  Payment,
  RpcErrorType,
} from '@btcfi/core'
import { describe, expectTypeOf, it } from 'vitest'
import * as rpcs from './index.js'

declare const backend: Backend

describe('Backend.call and Backend.stream over the entries', () => {
  it('type the reply from the entry', () => {
    expectTypeOf(backend.call(rpcs.getInfo)).resolves.toEqualTypeOf<NodeInfo>()
    expectTypeOf(backend.call(rpcs.lookupInvoice, 'ab')).resolves.toEqualTypeOf<Invoice>()
    expectTypeOf(backend.stream(rpcs.trackPayment, 'ab')).toEqualTypeOf<NodeStream<Payment>>()
  })

  it('take the request the entry takes, and nothing for an entry without one', () => {
    // @ts-expect-error lookupInvoice takes a payment hash
    void backend.call(rpcs.lookupInvoice)
    // @ts-expect-error amounts are bigint
    void backend.call(rpcs.addInvoice, { valueMsat: 1000 })
    // @ts-expect-error getInfo takes no request
    void backend.call(rpcs.getInfo, { verbose: true })
    void backend.call(rpcs.getInfo, undefined, { signal: AbortSignal.timeout(1) })
  })

  it('keep unary and streaming RPCs apart', () => {
    // @ts-expect-error sendPayment is a stream
    void backend.call(rpcs.sendPayment, { paymentRequest: 'lnbcrt1' })
    // @ts-expect-error getInfo is unary
    void backend.stream(rpcs.getInfo)
  })
})

describe('RpcErrorType of the entries', () => {
  it('holds only stable codes: what any call fails with, and what the RPC adds', () => {
    type All = RpcErrorType<(typeof rpcs)[keyof typeof rpcs]>
    expectTypeOf<All>().toExtend<ErrorCode>()
    expectTypeOf<'ABORTED'>().toExtend<RpcErrorType<typeof rpcs.getInfo>>()
    expectTypeOf<'ALREADY_PAID'>().toExtend<RpcErrorType<typeof rpcs.sendPayment>>()
    expectTypeOf<'ALREADY_PAID'>().not.toExtend<RpcErrorType<typeof rpcs.getInfo>>()
    expectTypeOf<'NOT_FOUND'>().toExtend<RpcErrorType<typeof rpcs.lookupInvoice>>()
  })
})

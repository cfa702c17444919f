import { describe, expectTypeOf, it } from 'vitest'
import type { RpcErrorType, StreamRpc, UnaryRpc } from '../backend/Rpc.js'
import type { ErrorCode } from './BaseError.js'

declare const lookup: UnaryRpc<string, number, 'INVALID_ARGUMENT' | 'NOT_FOUND'>
declare const info: UnaryRpc<undefined, number>
declare const track: StreamRpc<string, number, 'NOT_FOUND'>

describe('RpcErrorType', () => {
  it('is what any call fails with, and the codes the RPC adds', () => {
    expectTypeOf<RpcErrorType<typeof lookup>>().toExtend<ErrorCode>()
    expectTypeOf<'ABORTED'>().toExtend<RpcErrorType<typeof info>>()
    expectTypeOf<'NOT_FOUND'>().toExtend<RpcErrorType<typeof lookup>>()
    expectTypeOf<'NOT_FOUND'>().toExtend<RpcErrorType<typeof track>>()
    expectTypeOf<'NOT_FOUND'>().not.toExtend<RpcErrorType<typeof info>>()
    expectTypeOf<'ALREADY_PAID'>().not.toExtend<RpcErrorType<typeof lookup>>()
  })

  it('combines over a union of RPCs', () => {
    expectTypeOf<'NOT_FOUND'>().toExtend<RpcErrorType<typeof info | typeof lookup>>()
  })
})

import { describe, expectTypeOf, it } from 'vitest'
import type { ErrorCode } from './BaseError.js'
import type { BackendErrors, BackendErrorType, BackendRpc } from './errorTypes.js'

describe('BackendErrors', () => {
  it('has one entry per method of Backend, no more and no less', () => {
    expectTypeOf<keyof BackendErrors>().toEqualTypeOf<BackendRpc>()
  })

  it('holds only stable codes, and every RPC fails at least as any call does', () => {
    expectTypeOf<BackendErrorType<BackendRpc>>().toExtend<ErrorCode>()
    expectTypeOf<'ABORTED'>().toExtend<BackendErrorType<'getInfo'>>()
    expectTypeOf<'ALREADY_PAID'>().toExtend<BackendErrorType<'sendPayment'>>()
    expectTypeOf<'ALREADY_PAID'>().not.toExtend<BackendErrorType<'getInfo'>>()
  })
})

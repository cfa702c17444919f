import { fromLndError } from '@btcfi/core'
import { describe, expect, it } from 'vitest'
import { parseGrpcError } from './grpcError.js'

describe('parseGrpcError', () => {
  it('reads the gRPC code and lnd message out of Go error text', () => {
    expect(
      parseGrpcError('rpc error: code = Unknown desc = invoice is already paid', 'lnc://m:1'),
    ).toEqual({ message: 'invoice is already paid', grpcCode: 2, target: 'lnc://m:1' })
    expect(parseGrpcError('rpc error: code = PermissionDenied desc = nope', 't').grpcCode).toBe(7)
  })

  it('keeps any other text as the message', () => {
    expect(parseGrpcError('RPC connection not ready', 't')).toEqual({
      message: 'RPC connection not ready',
      target: 't',
    })
  })

  it('feeds core’s one table of lnd errors', () => {
    const error = fromLndError(
      parseGrpcError('rpc error: code = Unavailable desc = transport is closing', 'lnc://m:1'),
    )
    expect(error.code).toBe('NODE_UNREACHABLE')
    expect(
      fromLndError(parseGrpcError('rpc error: code = Unknown desc = invoice is already paid', 't'))
        .code,
    ).toBe('ALREADY_PAID')
  })
})

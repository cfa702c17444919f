import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from './argument.js'
import { BaseError, errorCodes, hasErrorCode, isBaseError } from './BaseError.js'
import { ConfigurationError } from './configuration.js'
import { fromLndError } from './fromLndError.js'
import { NodeError, PermissionDeniedError } from './node.js'
import { PaymentFailedError } from './payment.js'

const MACAROON = '0201036c6e6402f801030a10'.padEnd(300, 'ab')
const PREIMAGE = 'ff'.repeat(32)

describe('BaseError', () => {
  it('composes the message from the short message, meta lines and details', () => {
    const error = new BaseError('It broke.', {
      code: 'NODE_ERROR',
      details: 'why',
      metaMessages: ['a', 'b'],
    })
    expect(error.message).toBe('It broke.\n\na\nb\n\nDetails: why')
    expect(error.shortMessage).toBe('It broke.')
    expect(error.code).toBe('NODE_ERROR')
  })

  it('never lets a macaroon or a labelled preimage into a message', () => {
    const error = new BaseError(`call with macaroon ${MACAROON}`, {
      code: 'NODE_ERROR',
      details: `preimage: ${PREIMAGE}`,
    })
    expect(error.message).not.toContain(MACAROON)
    expect(error.message).not.toContain(PREIMAGE)
    expect(error.message).toContain('[redacted]')
  })

  it('walks the cause chain', () => {
    const root = new Error('socket hang up')
    const middle = new NodeError('boom', { cause: root })
    const top = new PermissionDeniedError('denied', { cause: middle })
    expect(top.walk()).toBe(root)
    expect(top.walk((e) => e instanceof NodeError)).toBe(middle)
    expect(top.walk((e) => e === 'nothing')).toBeNull()
    expect(hasErrorCode(top, 'NODE_ERROR')).toBe(true)
    expect(hasErrorCode(top, 'TIMEOUT')).toBe(false)
  })

  it('is recognised across realms by its shape', () => {
    const foreign = Object.assign(new Error('x'), { code: 'NO_ROUTE', shortMessage: 'x' })
    expect(isBaseError(foreign)).toBe(true)
    expect(isBaseError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false)
    expect(isBaseError('NO_ROUTE')).toBe(false)
  })

  it('gives every subclass a literal name and a listed code', () => {
    const error = new PaymentFailedError('NO_ROUTE', { paymentHash: 'ab' })
    expect(error.name).toBe('PaymentFailedError')
    expect(error.failureReason).toBe('NO_ROUTE')
    expect(errorCodes).toContain(error.code)
  })

  it('names the option a ConfigurationError refuses', () => {
    const error = new ConfigurationError('url', 'lnd() refuses an http:// url.')
    expect(error).toMatchObject({
      name: 'ConfigurationError',
      code: 'INVALID_CONFIGURATION',
      option: 'url',
      message: 'lnd() refuses an http:// url.',
    })
    expect(isBaseError(error)).toBe(true)
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ option: 'url', code: error.code })
  })

  it('names the argument without echoing its value', () => {
    const error = new InvalidArgumentError('macaroon', 'hex', {
      received: 'a string of 12 characters',
    })
    expect(error.message).toBe('Invalid macaroon: expected hex, got a string of 12 characters.')
  })
})

describe('fromLndError', () => {
  // Messages as lnd v0.18–v0.21 returns them over REST ({code, message}) and gRPC.
  const cases: [string, number | undefined, string][] = [
    ['permission denied', 2, 'PERMISSION_DENIED'],
    ['verification failed: signature mismatch after caveat verification', 2, 'PERMISSION_DENIED'],
    ['expected 1 macaroon, got 0', 2, 'PERMISSION_DENIED'],
    ['unmarshal v2: varint value extends past end of buffer', 2, 'PERMISSION_DENIED'],
    ['wallet locked, unlock it to enable full RPC access', 2, 'WALLET_LOCKED'],
    [
      'the RPC server is in the process of starting up, but not yet ready to accept calls',
      2,
      'NODE_UNREACHABLE',
    ],
    ['invoice is already paid', 2, 'ALREADY_PAID'],
    ['payment is in transition', 2, 'PAYMENT_IN_FLIGHT'],
    ['invoice expired. Valid until 2024-01-01', 2, 'INVOICE_EXPIRED'],
    ['unable to find a path to destination', 2, 'NO_ROUTE'],
    ['insufficient local balance', 2, 'INSUFFICIENT_BALANCE'],
    ['insufficient funds available to construct transaction', 2, 'INSUFFICIENT_BALANCE'],
    ['invoice with payment hash already exists', 2, 'ALREADY_EXISTS'],
    ['already connected to peer: 02ab@127.0.0.1:9735', 2, 'ALREADY_EXISTS'],
    ['invoice still open', 2, 'INVOICE_STATE'],
    ['invoice already settled', 2, 'INVOICE_STATE'],
    ['invoice already canceled', 2, 'INVOICE_STATE'],
    ['unable to locate invoice', 2, 'NOT_FOUND'],
    ['there are no existing invoices', 5, 'NOT_FOUND'],
    ["payment isn't initiated", 5, 'NOT_FOUND'],
    ['checksum failed', 2, 'INVOICE_INVALID'],
    ['invalid hash length of 31, want 32', 2, 'INVALID_ARGUMENT'],
    ['context canceled', 1, 'ABORTED'],
    ['some field is wrong', 3, 'INVALID_ARGUMENT'],
    ['context deadline exceeded', 4, 'TIMEOUT'],
    ['no such thing', 5, 'NOT_FOUND'],
    ['exists', 6, 'ALREADY_EXISTS'],
    ['nope', 7, 'PERMISSION_DENIED'],
    ['connection error', 14, 'NODE_UNREACHABLE'],
    ['no macaroon', 16, 'PERMISSION_DENIED'],
    ['something unexpected', 2, 'NODE_ERROR'],
  ]
  it.each(cases)('%s (grpc %s) → %s', (message, grpcCode, code) => {
    const error = fromLndError({ message, ...(grpcCode === undefined ? {} : { grpcCode }) })
    expect(error.code).toBe(code)
    expect(isBaseError(error)).toBe(true)
  })

  it('redacts lnd’s message where it becomes a cause', () => {
    const message = `invoice expired; r_preimage=${PREIMAGE}`
    const expired = fromLndError({ message })
    expect(expired.code).toBe('INVOICE_EXPIRED')
    expect(expired.cause).toBe('invoice expired; r_preimage=[redacted]')
    const aborted = fromLndError({ message: `canceled ${MACAROON}`, grpcCode: 1 })
    expect(aborted.cause).toBe('canceled [redacted]')
  })

  it('keeps lnd’s code and message on what it does not know', () => {
    const error = fromLndError({ message: 'weird', grpcCode: 13, httpStatus: 500 })
    expect(error).toBeInstanceOf(NodeError)
    expect(error).toMatchObject({ grpcCode: 13, httpStatus: 500 })
    expect(error.message).toContain('weird')
  })
})

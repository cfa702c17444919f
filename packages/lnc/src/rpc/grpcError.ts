import type { LndErrorInput } from '@btcfi/core'

const grpcCodes: Readonly<Record<string, number>> = {
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
}

/**
 * The wasm client reports a failed call as Go's error text, e.g.
 * `rpc error: code = Unknown desc = invoice is already paid`: → the input of
 * core's `fromLndError` (lnd's message and the gRPC code).
 */
export function parseGrpcError(text: string, target: string): LndErrorInput {
  const match = /rpc error: code = (\w+) desc = ([\s\S]*)$/.exec(text)
  if (!match) return { message: text, target }
  const code = grpcCodes[match[1]!]
  return code === undefined
    ? { message: match[2]!, target }
    : { message: match[2]!, grpcCode: code, target }
}

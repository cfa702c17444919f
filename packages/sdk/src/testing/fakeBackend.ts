import type { Backend } from '@btcfi/core'
import { backendOf, type RpcHandlers, type RpcName } from '@btcfi/wire'

/**
 * A backend for unit tests of the client's own logic: the handlers given, and
 * every other RPC fails. Records each call's RPC name.
 */
export function fakeBackend(handlers: RpcHandlers): Backend & { calls: readonly RpcName[] } {
  return backendOf(handlers)
}

/** A stream of the given values, or of values then an error. */
export async function* streamOf<T>(values: readonly T[], error?: unknown): AsyncGenerator<T> {
  for (const value of values) {
    await Promise.resolve()
    yield value
  }
  if (error !== undefined) throw error
}

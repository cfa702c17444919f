import type { Backend } from '@btcfi/core'

/**
 * A backend for unit tests of the client's own logic: the methods given, and
 * every other one throws. Records each call's name.
 */
export function fakeBackend(methods: Partial<Backend>): Backend & { calls: string[] } {
  const calls: string[] = []
  return new Proxy(
    { kind: 'fake', target: 'fake://node', calls } as unknown as Backend & { calls: string[] },
    {
      get(target, property) {
        if (property in target) return Reflect.get(target, property)
        const method = (methods as Record<string | symbol, unknown>)[property]
        if (typeof method !== 'function') {
          if (typeof property === 'symbol' || property === 'then') return undefined
          return () => {
            throw new Error(`fake backend: ${String(property)} not implemented`)
          }
        }
        return (...args: unknown[]) => {
          calls.push(String(property))
          return (method as (...a: unknown[]) => unknown)(...args)
        }
      },
    },
  )
}

/** A stream of the given values, or of values then an error. */
export async function* streamOf<T>(values: readonly T[], error?: unknown): AsyncGenerator<T> {
  for (const value of values) {
    await Promise.resolve()
    yield value
  }
  if (error !== undefined) throw error
}

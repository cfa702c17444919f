import type { Backend } from '@btcfi/core'

/** Wraps a backend and records the name of every call made through it. */
export function countingBackend(backend: Backend): { backend: Backend; calls: string[] } {
  const calls: string[] = []
  const proxy = new Proxy(backend, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        calls.push(String(property))
        return value.apply(target, args)
      }
    },
  })
  return { backend: proxy, calls }
}

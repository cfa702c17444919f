import type { Payment } from '@btcfi/core'

/** The payments a client follows, by hash: its actions' own, behind each client's read-only view. */
const followed = new WeakMap<ReadonlyMap<string, Promise<Payment>>, Map<string, Promise<Payment>>>()

/**
 * A new set of followed payments: the map the payment actions write, and the
 * read-only view a client shows (`client.payments`): callers can see what
 * is followed, never add, replace or drop a payment from outside.
 */
export function followedPaymentsMap(): ReadonlyMap<string, Promise<Payment>> {
  const map = new Map<string, Promise<Payment>>()
  const view: ReadonlyMap<string, Promise<Payment>> = Object.freeze({
    get: (key: string) => map.get(key),
    has: (key: string) => map.has(key),
    get size() {
      return map.size
    },
    forEach: (
      fn: (
        value: Promise<Payment>,
        key: string,
        view: ReadonlyMap<string, Promise<Payment>>,
      ) => void,
    ) => {
      for (const [key, value] of map) fn(value, key, view)
    },
    entries: () => map.entries(),
    keys: () => map.keys(),
    values: () => map.values(),
    [Symbol.iterator]: () => map.entries(),
  })
  followed.set(view, map)
  return view
}

/**
 * The writable map behind a client's `payments` (for the payment actions
 * only). A client built by hand with a plain `Map` has that map written.
 */
export function followedPayments(
  payments: ReadonlyMap<string, Promise<Payment>>,
): Map<string, Promise<Payment>> {
  let map = followed.get(payments)
  if (!map) {
    map = payments instanceof Map ? payments : new Map<string, Promise<Payment>>()
    followed.set(payments, map)
  }
  return map
}

/** Runs functions one at a time per key (per loan), in call order. */
export function keyedMutex() {
  const tails = new Map<string, Promise<unknown>>()
  function run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve()
    const next = previous.then(fn, fn)
    const tail = next.then(
      () => undefined,
      () => undefined,
    )
    tails.set(key, tail)
    tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key)
    })
    return next
  }
  /** Whether a function runs, or waits to, for this key. */
  run.busy = (key: string): boolean => tails.has(key)
  return run
}

/** A set of listeners keyed by id: what the SSE routes subscribe to. */
export function listeners<T>() {
  const byKey = new Map<string, Set<(value: T) => void>>()
  return {
    on(key: string, listener: (value: T) => void): () => void {
      const set = byKey.get(key) ?? new Set()
      set.add(listener)
      byKey.set(key, set)
      return () => {
        set.delete(listener)
        if (set.size === 0) byKey.delete(key)
      }
    },
    emit(key: string, value: T): void {
      for (const listener of byKey.get(key) ?? []) {
        try {
          listener(value)
        } catch {
          // one listener cannot break the others
        }
      }
    },
  }
}

import type { LncStorage } from './LncStorage.js'

/**
 * An `LncStorage` in memory: credentials survive a reconnect within the
 * process, not a restart. The default where there is no `localStorage`.
 *
 * @example
 * const storage = memoryStorage()
 * const first = lnc({ pairingPhrase, mailbox, wasmUrl, password, storage })
 */
export function memoryStorage(): LncStorage & { readonly size: number } {
  const items = new Map<string, string>()
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value)
    },
    removeItem: (key) => {
      items.delete(key)
    },
    get size() {
      return items.size
    },
  }
}

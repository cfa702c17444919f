/**
 * Loan ids sorted by a key (then by id), kept in chunks of at most
 * `2 × chunkSize`: an insertion or removal moves one chunk's entries (and the
 * chunk list on a split), and a range read from either end touches only the
 * entries it returns.
 */
export interface SortedIndex<K extends number | bigint> {
  readonly size: number
  add(key: K, id: string): void
  /** Removes the entry; false when it was not there. */
  delete(key: K, id: string): boolean
  /** Calls `visit` with each id whose key is ≤ `key` (< with `inclusive` false), smallest first. */
  upTo(key: K, inclusive: boolean, visit: (id: string) => void): void
  /** Calls `visit` with each id whose key is ≥ `key` (> with `inclusive` false), largest first. */
  downTo(key: K, inclusive: boolean, visit: (id: string) => void): void
  /** Every entry in order (tests). */
  entries(): [K, string][]
}

interface Chunk<K> {
  keys: K[]
  ids: string[]
}

export function sortedIndex<K extends number | bigint>(chunkSize = 128): SortedIndex<K> {
  const chunks: Chunk<K>[] = []
  let size = 0
  const before = (k1: K, id1: string, k2: K, id2: string) => k1 < k2 || (k1 === k2 && id1 < id2)
  /** The first chunk whose last entry is not before (key, id), or the last chunk. */
  const chunkOf = (key: K, id: string) => {
    let lo = 0
    let hi = chunks.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const c = chunks[mid]!
      const last = c.keys.length - 1
      if (before(c.keys[last]!, c.ids[last]!, key, id)) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  /** The first position in a chunk whose entry is not before (key, id). */
  const positionIn = (c: Chunk<K>, key: K, id: string) => {
    let lo = 0
    let hi = c.keys.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (before(c.keys[mid]!, c.ids[mid]!, key, id)) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return {
    get size() {
      return size
    },
    add(key, id) {
      size++
      if (chunks.length === 0) {
        chunks.push({ keys: [key], ids: [id] })
        return
      }
      const at = chunkOf(key, id)
      const c = chunks[at]!
      const i = positionIn(c, key, id)
      c.keys.splice(i, 0, key)
      c.ids.splice(i, 0, id)
      if (c.keys.length > 2 * chunkSize) {
        chunks.splice(at + 1, 0, { keys: c.keys.splice(chunkSize), ids: c.ids.splice(chunkSize) })
      }
    },
    delete(key, id) {
      if (chunks.length === 0) return false
      const at = chunkOf(key, id)
      const c = chunks[at]!
      const i = positionIn(c, key, id)
      if (c.keys[i] !== key || c.ids[i] !== id) return false
      c.keys.splice(i, 1)
      c.ids.splice(i, 1)
      if (c.keys.length === 0) chunks.splice(at, 1)
      size--
      return true
    },
    upTo(key, inclusive, visit) {
      for (const c of chunks) {
        for (let i = 0; i < c.keys.length; i++) {
          const k = c.keys[i]!
          if (k > key || (k === key && !inclusive)) return
          visit(c.ids[i]!)
        }
      }
    },
    downTo(key, inclusive, visit) {
      for (let j = chunks.length - 1; j >= 0; j--) {
        const c = chunks[j]!
        for (let i = c.keys.length - 1; i >= 0; i--) {
          const k = c.keys[i]!
          if (k < key || (k === key && !inclusive)) return
          visit(c.ids[i]!)
        }
      }
    },
    entries() {
      return chunks.flatMap((c) => c.keys.map((k, i): [K, string] => [k, c.ids[i]!]))
    },
  }
}

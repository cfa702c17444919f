// The store's JSON: bigints as `{"$n":"123"}`, so that a loan record survives
// a round trip exactly (JSON numbers would pass through a float).

/** Serializes a stored value; bigints become `{ $n: "…" }`. */
export function toStoreJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? { $n: v.toString() } : v,
  )
}

/** Parses what `toStoreJson` wrote. */
export function fromStoreJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v)
      const n = (v as { $n?: unknown }).$n
      if (keys.length === 1 && typeof n === 'string' && /^-?\d+$/.test(n)) return BigInt(n)
    }
    return v
  }) as T
}

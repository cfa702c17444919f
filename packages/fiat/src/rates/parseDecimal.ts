const DECIMAL = /^(\d{1,15})(?:\.(\d{1,18}))?$/

/**
 * A decimal price such as `"97123.45"` to whole minor units (`decimals`
 * places), exactly, rounded half up. Undefined for anything that is not a
 * plain non-negative decimal.
 *
 * @example
 * parseDecimal('97123.455', 2) // 9_712_346n
 */
export function parseDecimal(text: unknown, decimals: number): bigint | undefined {
  const match = typeof text === 'string' ? DECIMAL.exec(text.trim()) : null
  if (!match) return undefined
  const [, whole = '0', fraction = ''] = match
  const scale = 10n ** BigInt(decimals)
  const kept = BigInt(fraction.slice(0, decimals).padEnd(decimals, '0') || '0')
  const minor = BigInt(whole) * scale + kept
  const roundUp = fraction.length > decimals && fraction[decimals]! >= '5'
  return roundUp ? minor + 1n : minor
}

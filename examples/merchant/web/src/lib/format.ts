/** Formatting of exact amounts (decimal strings of bigints): no float touches money. */
const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

export function sat(msat: string | bigint): string {
  const value = BigInt(msat)
  const whole = value / 1000n
  const rest = value % 1000n
  return `${group(whole.toString())}${rest === 0n ? '' : `.${rest.toString().padStart(3, '0').replace(/0+$/, '')}`} sat`
}

export function satOf(amountSat: string | bigint): string {
  return `${group(BigInt(amountSat).toString())} sat`
}

export function usd(cents: string | bigint): string {
  const value = BigInt(cents)
  const sign = value < 0n ? '-' : ''
  const abs = value < 0n ? -value : value
  return `${sign}$${group((abs / 100n).toString())}.${(abs % 100n).toString().padStart(2, '0')}`
}

export function percent(bps: string | bigint | null): string {
  if (bps === null) return '–'
  const value = BigInt(bps)
  return `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}%`
}

export const short = (text: string, n = 10) =>
  text.length > 2 * n ? `${text.slice(0, n)}…${text.slice(-n)}` : text

export const time = (ms: number) => new Date(ms).toLocaleTimeString()

/** A signed amount of msat: `+43,000 sat`, `-1,000.5 sat`, `0 sat`. */
export function signedSat(msat: string | bigint): string {
  const value = BigInt(msat)
  if (value === 0n) return sat(0n)
  return `${value < 0n ? '−' : '+'}${sat(value < 0n ? -value : value)}`
}

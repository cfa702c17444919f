/** What a BOLT 12 string is, by its prefix. */
export type Bolt12Kind = 'offer' | 'invoice-request' | 'invoice'

const KINDS: Readonly<Record<string, Bolt12Kind>> = {
  lno1: 'offer',
  lnr1: 'invoice-request',
  lni1: 'invoice',
}

/**
 * Which BOLT 12 string the text starts as (`lno1` offer, `lnr1` invoice
 * request, `lni1` invoice), after an optional `lightning:` and ignoring case
 * and `+` joins; `undefined` for anything else (a BOLT 11 invoice). Looks at
 * the prefix only: `decodeOffer` checks the rest.
 *
 * @example
 * bolt12Kind('lightning:lno1pgx9getnwss8v…') // 'offer'
 * bolt12Kind('lnbcrt10u1p…') // undefined
 */
export function bolt12Kind(text: unknown): Bolt12Kind | undefined {
  if (typeof text !== 'string') return undefined
  const head = text
    .trimStart()
    .slice(0, 32)
    .replace(/^lightning:/i, '')
    .replace(/\+\s*/g, '')
    .slice(0, 4)
    .toLowerCase()
  return KINDS[head]
}

import { catalog, productById } from './catalog.js'
import type { OrderLine } from './Order.js'

/** Turns `{ productId: quantity }` from a cart into order lines; refuses unknown products and silly quantities. */
export function priceLines(cart: Record<string, number>): OrderLine[] {
  const lines: OrderLine[] = []
  for (const [productId, quantity] of Object.entries(cart)) {
    const product = productById(productId)
    if (!product)
      throw new RangeError(
        `No product ${productId}; there are ${catalog.map((p) => p.id).join(', ')}.`,
      )
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > 99) {
      throw new RangeError(`The quantity of ${productId} must be 0 to 99.`)
    }
    if (quantity > 0) {
      lines.push({ productId, name: product.name, quantity, unitCents: product.priceCents })
    }
  }
  if (lines.length === 0) throw new RangeError('The cart is empty.')
  return lines
}

export function totalCents(lines: readonly OrderLine[]): bigint {
  return lines.reduce((sum, line) => sum + line.unitCents * BigInt(line.quantity), 0n)
}

/** A product of the shop, priced in US cents. */
export interface Product {
  id: string
  name: string
  description: string
  priceCents: bigint
  emoji: string
}

/** The example shop's shelf: a coffee roaster. */
export const catalog: readonly Product[] = [
  { id: 'espresso', name: 'Espresso', description: 'A double shot', priceCents: 350n, emoji: '☕' },
  {
    id: 'beans',
    name: 'Coffee beans',
    description: '250 g, single origin',
    priceCents: 1_800n,
    emoji: '🫘',
  },
  {
    id: 'grinder',
    name: 'Hand grinder',
    description: 'Ceramic burrs',
    priceCents: 8_900n,
    emoji: '⚙️',
  },
  {
    id: 'machine',
    name: 'Espresso machine',
    description: 'Dual boiler',
    priceCents: 64_900n,
    emoji: '🏭',
  },
]

export function productById(id: string): Product | undefined {
  return catalog.find((p) => p.id === id)
}

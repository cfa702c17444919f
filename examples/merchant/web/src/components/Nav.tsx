export type PageName = 'checkout' | 'meter' | 'pay-later' | 'admin'

const titles: Record<PageName, string> = {
  checkout: 'Checkout',
  meter: 'Pay per minute',
  'pay-later': 'Pay later',
  admin: 'Admin',
}

export function Nav({ page, payLater }: { page: PageName; payLater: boolean }) {
  return (
    <nav>
      {(Object.keys(titles) as PageName[])
        .filter((name) => payLater || name !== 'pay-later')
        .map((name) => (
          <a
            key={name}
            href={`#/${name}`}
            className={name === page ? 'active' : ''}
            data-testid={`nav-${name}`}
          >
            {titles[name]}
          </a>
        ))}
    </nav>
  )
}

import { useEffect, useState } from 'react'
import { Nav, type PageName } from './components/Nav.js'
import { WalletPanel } from './components/WalletPanel.js'
import { api } from './lib/api.js'
import { AdminPage } from './pages/AdminPage.js'
import { CheckoutPage } from './pages/CheckoutPage.js'
import { MeterPage } from './pages/MeterPage.js'
import { PayLaterPage } from './pages/PayLaterPage.js'

const pages: PageName[] = ['checkout', 'meter', 'pay-later', 'admin']
const fromHash = (): PageName => {
  const name = window.location.hash.replace(/^#\/?/, '').split('?')[0] as PageName
  return pages.includes(name) ? name : 'checkout'
}

/** The shop: four pages and, beside them, the customer's wallet. */
export function App() {
  const [page, setPage] = useState<PageName>(fromHash)
  const [cart, setCart] = useState<Record<string, number>>({ espresso: 2, beans: 1 })
  const [walletDraft, setWalletDraft] = useState('')
  // On a real node the app runs without the customer's wallet (and so without pay later).
  const [hasWallet, setHasWallet] = useState(true)
  useEffect(() => {
    api<{ wallet: boolean }>('/config')
      .then((config) => setHasWallet(config.wallet))
      .catch(() => {})
  }, [])
  useEffect(() => {
    const onHash = () => setPage(fromHash())
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  return (
    <div className="layout">
      <header>
        <h1>☕ Roastery</h1>
        <span className="tagline">a Lightning shop on BTCFi SDK (regtest)</span>
        <Nav page={page} payLater={hasWallet} />
      </header>
      <main>
        {page === 'checkout' && (
          <CheckoutPage cart={cart} setCart={setCart} payWithWallet={setWalletDraft} />
        )}
        {page === 'meter' && <MeterPage />}
        {page === 'pay-later' && <PayLaterPage cart={cart} setCart={setCart} />}
        {page === 'admin' && <AdminPage />}
      </main>
      {hasWallet && <WalletPanel draft={walletDraft} setDraft={setWalletDraft} />}
    </div>
  )
}

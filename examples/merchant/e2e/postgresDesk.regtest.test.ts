import { randomBytes } from 'node:crypto'
import { postgresLoanStore } from '@btcfi/loans'
import { getTestNetwork, getTestPostgresUrl, type NodeHandle } from '@btcfi/regtest/vitest'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { type RegtestShop, startRegtestShop } from '../server/stack/startRegtestShop.js'

// The shop's desk on the run's PostgreSQL (or BTCFI_POSTGRES_URL's), in a
// schema of this file's own, dropped at the end. No browser: the wallet's API.
const url = getTestPostgresUrl()
const schema = `merchant_test_${randomBytes(6).toString('hex')}`
const connection = (node: NodeHandle) => ({
  restUrl: node.restUrl,
  macaroon: node.macaroons.admin,
  tlsCert: node.tlsCert,
})

let shop: RegtestShop | undefined
afterAll(async () => {
  await shop?.close()
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await admin.end()
})

describe('the shop on PostgreSQL', () => {
  it('runs its desk on a PostgreSQL store: a quote from the wallet is in the database', async () => {
    const net = await getTestNetwork()
    const lines: string[] = []
    shop = await startRegtestShop({
      merchant: connection(net.node('carol')),
      customer: connection(net.node('alice')),
      lender: connection(net.node('bob')),
      loanStore: { kind: 'postgres', url, schema },
      onProgress: (line) => lines.push(line),
    })
    expect(shop.loans.kind).toBe('postgres')
    const desk = lines.find((line) => line.startsWith('loan desk:'))
    expect(desk).toMatch(new RegExp(`^loan desk: PostgreSQL store on .+, schema ${schema},`))
    expect(desk).not.toContain(new URL(url).password) // never the password

    const response = await fetch(`${shop.url}/api/wallet/loans/quote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ principalCents: '2500' }),
    })
    expect(response.status).toBe(201)
    const quote = (await response.json()) as { id: string }

    // Read back from the database by another store on the same schema.
    const reader = await postgresLoanStore({ url, schema, maxConnections: 2 })
    try {
      expect(await reader.getQuote(quote.id)).toMatchObject({ id: quote.id })
    } finally {
      await reader.close()
    }
  })
})

import { randomBytes } from 'node:crypto'
import { postgresLoanStore } from '@btcfi/loans/node'
import { getTestNetwork, getTestPostgresUrl, type NodeHandle } from '@btcfi/regtest/vitest'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { type RegtestShop, startRegtestShop } from '../server/stack/startRegtestShop.js'

// The shop's desk on the run's PostgreSQL (or BTCFI_POSTGRES_URL's), in a
// schema of this file's own, dropped at the end, and its escrow agent (v2, a
// process of its own) in the same schema. No browser: the wallet's API.
const url = getTestPostgresUrl()
const schema = `merchant_test_${randomBytes(6).toString('hex')}`
const connection = (node: NodeHandle, macaroon: 'admin' | 'readonly' = 'admin') => ({
  restUrl: node.restUrl,
  macaroon: node.macaroons[macaroon],
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
  it('runs its desk and its escrow agent on a PostgreSQL schema: a v2 quote from the wallet is in the database', async () => {
    const net = await getTestNetwork()
    const lines: string[] = []
    shop = await startRegtestShop({
      merchant: connection(net.node('carol')),
      customer: connection(net.node('alice')),
      lender: connection(net.node('bob')),
      loanStore: { kind: 'postgres', url, schema },
      escrow: { node: connection(net.node('carol'), 'readonly'), nodeName: 'carol' },
      onProgress: (line) => lines.push(line),
    })
    expect(shop.loans.kind).toBe('postgres')
    const desk = lines.find((line) => line.startsWith('loan desk:'))
    expect(desk).toMatch(new RegExp(`^loan desk: PostgreSQL store on .+, schema ${schema},`))
    expect(desk).toContain('protocol v2')
    const agent = lines.find((line) => line.startsWith('escrow agent:'))
    expect(agent).toMatch(
      new RegExp(`^escrow agent: process \\d+ on .+, PostgreSQL store on .+, schema ${schema},`),
    )
    const password = new URL(url).password
    if (password) for (const line of lines) expect(line).not.toContain(password) // never the password

    const response = await fetch(`${shop.url}/api/wallet/loans/quote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ principalCents: '2500' }),
    })
    expect(response.status).toBe(201)
    const quote = (await response.json()) as { id: string; escrow?: { agentPubkey: string } }
    expect(quote.escrow?.agentPubkey).toBe(shop.escrow!.pubkey)

    // Read back from the database by another store on the same schema.
    const reader = await postgresLoanStore({ url, schema, maxConnections: 2 })
    try {
      expect(await reader.getQuote(quote.id)).toMatchObject({ id: quote.id })
    } finally {
      await reader.close()
    }
    // The agent's table is in the same schema, beside the desk's.
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      const tables = await admin.query(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
        [schema],
      )
      expect(tables.rows.map((row: { table_name: string }) => row.table_name)).toContain(
        'escrow_locks',
      )
    } finally {
      await admin.end()
    }
  })
})

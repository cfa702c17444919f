import type { Network } from '@btcfi/regtest/vitest'
import { afterAll, beforeAll } from 'vitest'
import { clientsOf, keepBalances, ownedMsat } from './clients.js'
import { type DeskFixture, deskFixture } from './deskFixture.js'

/**
 * For a regtest test file: bob's desk and alice's agent (a `deskFixture`),
 * started before the file's tests with alice given enough to lock, and closed
 * after them with every node's balance put back (whatever the tests left held
 * is released first, and named). `f` is the running fixture; `balances()` is
 * what alice, bob and carol own on their channels, msat.
 */
export function deskTestBed(net: Network, options: Parameters<typeof deskFixture>[2] = {}) {
  const clients = clientsOf(net)
  const { alice, bob, carol } = clients
  const shared = keepBalances(bob, { borrower: alice, others: [carol] })
  let fixture: DeskFixture | undefined
  beforeAll(async () => {
    await shared.prepare()
    fixture = await deskFixture(bob, alice, options)
  })
  afterAll(async () => {
    await fixture?.close()
    await shared.restore()
  })
  return {
    ...clients,
    get f(): DeskFixture {
      if (!fixture) throw new Error('the desk starts in beforeAll: use it inside a test')
      return fixture
    },
    balances: async () => ({
      alice: await ownedMsat(alice),
      bob: await ownedMsat(bob),
      carol: await ownedMsat(carol),
    }),
  }
}

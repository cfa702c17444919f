import type { Invoice } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { createClient } from '../../client/createClient.js'
import { closeContractTargets, contractTargets } from '../../testing/contract.js'
import { countingBackend } from '../../testing/countingBackend.js'
import { payInvoice } from '../payments/payInvoice.js'

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'carol'])
afterAll(closeContractTargets)

/** A mainnet invoice from BOLT 11's examples: valid, but not for regtest. */
const MAINNET_INVOICE =
  'lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh'

describe.each(targets)(
  'invoices on the regtest network over %s',
  (_kind, { alice, carol, freshBackend }) => {
    it('creates, looks up, lists and decodes an invoice', async () => {
      const created = await carol.createInvoice({
        amountMsat: 42_000n,
        memo: 'tea',
        expirySeconds: 600,
      })
      expect(created.paymentRequest).toMatch(/^lnbcrt420n1/)
      const invoice = await carol.getInvoice({ paymentHash: created.paymentHash })
      expect(invoice).toMatchObject({
        paymentHash: created.paymentHash,
        memo: 'tea',
        valueMsat: 42_000n,
        state: 'OPEN',
        expirySeconds: 600,
        preimage: expect.stringMatching(/^[0-9a-f]{64}$/),
      })
      const page = await carol.listInvoices({ reversed: true, maxInvoices: 5 })
      expect(page.invoices.map((i) => i.paymentHash)).toContain(created.paymentHash)
      const decoded = await alice.inspectInvoice({ paymentRequest: created.paymentRequest })
      expect(decoded).toMatchObject({
        network: 'regtest',
        amountMsat: 42_000n,
        description: 'tea',
        payee: net.node('carol').pubkey,
        paymentHash: created.paymentHash,
        minFinalCltvExpiry: 80, // lnd's default
      })
      const short = await carol.createInvoice({ amountMsat: 1_000n, cltvExpiry: 30 })
      expect(
        (await alice.inspectInvoice({ paymentRequest: short.paymentRequest })).minFinalCltvExpiry,
      ).toBe(30)
      expect((await carol.getInvoice({ paymentHash: short.paymentHash })).cltvExpiry).toBe(30)
    })

    it('rejects a wrong-network or expired invoice before any node call', async () => {
      const { backend, calls } = countingBackend(await freshBackend('alice'))
      const client = createClient({ backend, network: 'regtest' })
      await expect(payInvoice(client, { paymentRequest: MAINNET_INVOICE })).rejects.toMatchObject({
        code: 'INVOICE_WRONG_NETWORK',
      })
      const short = await carol.createInvoice({ amountMsat: 1_000n, expirySeconds: 1 })
      await new Promise((resolve) => setTimeout(resolve, 1_100))
      await expect(
        payInvoice(client, { paymentRequest: short.paymentRequest }),
      ).rejects.toMatchObject({
        code: 'INVOICE_EXPIRED',
      })
      await expect(payInvoice(client, { paymentRequest: 'lnbcrt1garbage' })).rejects.toMatchObject({
        code: 'INVOICE_INVALID',
      })
      expect(calls).toEqual([])
    })

    it('watches every invoice of the node: adds and settlements', async () => {
      const seen: Invoice[] = []
      const unwatch = carol.watchInvoices({ onUpdate: (invoice) => seen.push(invoice) })
      try {
        await new Promise((resolve) => setTimeout(resolve, 300))
        const created = await carol.createInvoice({ amountMsat: 7_000n })
        await alice.payInvoice({ paymentRequest: created.paymentRequest })
        await expect
          .poll(() => seen.filter((i) => i.paymentHash === created.paymentHash).map((i) => i.state))
          .toEqual(['OPEN', 'SETTLED'])
      } finally {
        unwatch()
      }
    })
  },
)

import { lndFromFiles } from '@btcfi/lnd/node'
import { createLightningClient } from '@btcfi/sdk'

const client = createLightningClient({
  backend: lndFromFiles({
    url: process.env.LND_REST_URL ?? 'https://127.0.0.1:8080',
    macaroonPath: process.env.LND_MACAROON_PATH ?? 'admin.macaroon',
    certPath: process.env.LND_CERT_PATH ?? 'tls.cert',
  }),
})

const paymentRequest = process.argv[2]
if (!paymentRequest) throw new Error('usage: pay.ts <bolt11 invoice>')

const invoice = await client.inspectInvoice({ paymentRequest })
console.log(`paying ${invoice.amountMsat} msat to ${invoice.payee}: ${invoice.description ?? ''}`)

const payment = await client.payInvoice({
  paymentRequest,
  onUpdate: (update) => console.log(`  ${update.status}`),
})
// payment.preimage is the proof of payment: keep it, don't log it.
console.log(`paid: fee ${payment.feeMsat} msat, payment hash ${payment.paymentHash}`)

import { lnc } from '@btcfi/lnc'
import { createClient, getInfo, payInvoice } from '@btcfi/sdk'

// The page reads what to do from its URL hash (a JSON object): the pairing
// phrase of a fresh session, the mailbox, the wasm client's URL and the
// invoice to pay. A real wallet would ask its user for the phrase instead.
interface PageParams {
  pairingPhrase: string
  mailbox: string
  wasmUrl: string
  paymentRequest: string
}

const status = document.querySelector<HTMLParagraphElement>('#status')!
const details = document.querySelector<HTMLDListElement>('#details')!

function show(state: string, text: string): void {
  status.dataset.state = state
  status.textContent = text
}

function detail(term: string, value: string): void {
  const dt = document.createElement('dt')
  dt.textContent = term
  const dd = document.createElement('dd')
  dd.textContent = value
  details.append(dt, dd)
}

async function run(params: PageParams): Promise<void> {
  const backend = lnc({
    pairingPhrase: params.pairingPhrase,
    mailbox: params.mailbox,
    wasmUrl: params.wasmUrl,
  })
  const client = createClient({ backend, network: 'regtest' })
  show('pairing', 'pairing over Lightning Node Connect…')
  const started = performance.now()
  const info = await getInfo(client)
  const paired = performance.now() - started
  detail('node', `${info.alias} ${info.pubkey}`)
  detail('pair + first call', `${Math.round(paired)} ms`)
  show('paying', 'paying…')
  const payment = await payInvoice(client, { paymentRequest: params.paymentRequest })
  detail('paid', `${payment.valueMsat} msat, fee ${payment.feeMsat} msat`)
  detail('preimage', payment.preimage ?? '')
  show('paid', 'paid')
  ;(globalThis as { btcfiResult?: unknown }).btcfiResult = {
    pairMs: Math.round(paired),
    status: payment.status,
    preimage: payment.preimage,
  }
  await backend.close()
}

const hash = decodeURIComponent(location.hash.slice(1))
if (hash) {
  run(JSON.parse(hash) as PageParams).catch((error: unknown) => {
    show('error', error instanceof Error ? `${error.name}: ${error.message}` : String(error))
  })
}

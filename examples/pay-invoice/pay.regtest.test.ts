import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { lnd } from '@btcfi/lnd'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { createLightningClient } from '@btcfi/sdk'
import { expect, it } from 'vitest'

const run = promisify(execFile)
const packageJson = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  scripts: { start: string }
}

it('pays an invoice as the README shows', async () => {
  const net = await getTestNetwork()
  const alice = net.node('alice')
  const carolNode = net.node('carol')
  const carol = createLightningClient({
    backend: lnd({
      url: carolNode.restUrl,
      macaroon: carolNode.macaroons.invoice,
      cert: carolNode.tlsCert,
    }),
  })
  const { paymentRequest, paymentHash } = await carol.createInvoice({
    amountMsat: 15_000_000n,
    memo: 'README',
  })

  // The package's own `start` script, as `pnpm start <invoice>` runs it.
  const [, ...args] = packageJson.scripts.start.split(' ')
  const { stdout } = await run(process.execPath, [...args, paymentRequest], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: {
      ...process.env,
      LND_REST_URL: alice.restUrl,
      LND_MACAROON_PATH: alice.macaroonPaths.admin,
      LND_CERT_PATH: alice.tlsCertPath,
    },
  })
  expect(stdout).toContain(`paying 15000000 msat to ${carolNode.pubkey}: README`)
  expect(stdout).toContain(`paid: fee 1015 msat, payment hash ${paymentHash}`)
  expect(stdout).not.toMatch(/preimage/)
  expect((await carol.getInvoice({ paymentHash })).state).toBe('SETTLED')
})

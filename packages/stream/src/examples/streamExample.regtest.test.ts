import { readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { expect, it } from 'vitest'
import { streamExample } from './streamExample.js'

it('runs the example of docs/streams.md as written', async () => {
  const doc = readFileSync(new URL('../../../../docs/streams.md', import.meta.url), 'utf8')
  const source = readFileSync(new URL('streamExample.ts', import.meta.url), 'utf8')
  expect(doc).toContain(source)

  const net = await getTestNetwork()
  const node = (name: string) => {
    const n = net.node(name)
    return { restUrl: n.restUrl, macaroon: n.macaroons.admin, cert: n.tlsCert, pubkey: n.pubkey }
  }
  const cwd = process.cwd()
  process.chdir(await mkdtemp(`${tmpdir()}/btcfi-stream-example-`))
  const { sent, received, receipt } = await streamExample(node('alice'), node('carol'), 3).finally(
    () => process.chdir(cwd),
  )
  expect(sent.sentMsat).toBeGreaterThanOrEqual(4_000n)
  expect(sent.sentMsat + sent.unsentMsat).toBe(sent.accruedMsat)
  expect(received?.receivedMsat).toBe(sent.sentMsat)
  expect(JSON.parse(receipt.receipt).received_msat).toBe(sent.sentMsat.toString())
})

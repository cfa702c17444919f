import { paymentHashOf, randomPreimage } from '@btcfi/core'
import { lnd } from '@btcfi/lnd'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { rpcs } from '@btcfi/wire'
import { afterAll, describe, expect, it } from 'vitest'
import { memoryStorage } from '../credentials/memoryStorage.js'
import { installWebSocket } from '../node/installWebSocket.js'
import { type LncBackend, lnc } from './lnc.js'

const net = await getTestNetwork()
const path = net.lnc
const opened: LncBackend[] = []
afterAll(async () => {
  await Promise.all(opened.map((backend) => backend.close()))
})

function open(options: Omit<Parameters<typeof lnc>[0], 'mailbox' | 'wasmUrl'>): LncBackend {
  const backend = lnc({ ...options, mailbox: path!.mailbox, wasmUrl: path!.wasmUrl })
  opened.push(backend)
  return backend
}

const carolRest = () => {
  const carol = net.node('carol')
  return lnd({ url: carol.restUrl, macaroon: carol.macaroons.admin, cert: carol.tlsCert })
}

describe.runIf(path)('Lightning Node Connect sessions on the regtest network', () => {
  installWebSocket({ ca: path?.mailboxCert })

  it('pairs and makes a first call (and says how long that took)', async () => {
    const { pairingPhrase, expiry } = await path!.createSession('alice')
    const started = performance.now()
    const backend = open({ pairingPhrase })
    await backend.connect()
    const paired = performance.now()
    const info = await backend.call(rpcs.getInfo)
    const done = performance.now()
    console.log(
      `LNC: pair ${Math.round(paired - started)} ms, pair + first getInfo ${Math.round(done - started)} ms`,
    )
    expect(info.pubkey).toBe(net.node('alice').pubkey)
    expect(backend.isReadOnly()).toBe(false)
    expect(backend.expiry()?.getTime()).toBe(Math.floor(expiry.getTime() / 1000) * 1000)
    expect(backend.hasPermission('routerrpc.Router.SendPaymentV2')).toBe(true)
  })

  it('refuses a payment on a read-only session with a typed error, before sending it', async () => {
    const { pairingPhrase } = await path!.createSession('alice', { type: 'readonly' })
    const backend = open({ pairingPhrase })
    expect((await backend.call(rpcs.getInfo)).alias).toBe('alice')
    expect(backend.isReadOnly()).toBe(true)
    expect(backend.hasPermission('routerrpc.Router.SendPaymentV2')).toBe(false)
    const preimage = randomPreimage()
    const invoice = await carolRest().call(rpcs.addInvoice, { valueMsat: 5_000n, preimage })
    const error = await (async () => {
      for await (const _ of backend.stream(rpcs.sendPayment, {
        paymentRequest: invoice.paymentRequest,
        feeLimitMsat: 10_000n,
        timeoutSeconds: 30,
      }));
    })().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', name: 'PermissionDeniedError' })
    expect(String(error)).toContain('read-only')
    await expect(backend.call(rpcs.addInvoice, { valueMsat: 1_000n })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    })
    // Nothing was sent.
    expect((await carolRest().call(rpcs.lookupInvoice, paymentHashOf(preimage))).state).toBe('OPEN')
  })

  it('refuses a pairing phrase used a second time, and keeps it out of the error', async () => {
    const { pairingPhrase } = await path!.createSession('bob')
    const first = open({ pairingPhrase })
    await first.connect()
    const second = open({ pairingPhrase, connectTimeoutMs: 12_000 })
    const error = await second.call(rpcs.getInfo).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'LNC_PAIRING_FAILED', name: 'LncPairingError' })
    // No part of the phrase: any two of its words in a row. (Its words are
    // ordinary English, "phrase" among them, which the message itself uses: a
    // check on single words failed whenever the phrase drew such a word.)
    const words = pairingPhrase.split(' ')
    for (const [i, word] of words.slice(1).entries()) {
      expect(String(error)).not.toContain(`${words[i]} ${word}`)
    }
    // The first client still works.
    expect((await first.call(rpcs.getInfo)).alias).toBe('bob')
  })

  it('reconnects with stored credentials, without the phrase; a wrong password is refused', async () => {
    const storage = memoryStorage()
    const { pairingPhrase } = await path!.createSession('carol')
    const first = open({ pairingPhrase, password: 'correct horse', storage })
    expect((await first.call(rpcs.getInfo)).alias).toBe('carol')
    await first.close()
    expect(storage.size).toBe(1)

    const started = performance.now()
    const again = open({ password: 'correct horse', storage })
    expect((await again.call(rpcs.getInfo)).alias).toBe('carol')
    console.log(
      `LNC: reconnect with stored credentials + getInfo ${Math.round(performance.now() - started)} ms`,
    )

    const wrong = open({ password: 'wrong', storage })
    await expect(wrong.call(rpcs.getInfo)).rejects.toMatchObject({ code: 'LNC_PAIRING_FAILED' })
  })

  it('keeps working through a mailbox restart: the client reconnects by itself', async () => {
    const { pairingPhrase } = await path!.createSession('alice')
    const backend = open({ pairingPhrase })
    expect((await backend.call(rpcs.getInfo)).alias).toBe('alice')
    await path!.restartMailbox()
    await expect
      .poll(async () => (await backend.call(rpcs.getInfo).catch(() => undefined))?.alias, {
        timeout: 90_000,
        interval: 1_000,
      })
      .toBe('alice')
    const paymentHash = paymentHashOf(randomPreimage())
    const hold = await backend.call(rpcs.addHoldInvoice, { paymentHash, valueMsat: 1_000n })
    expect(hold.paymentRequest).toMatch(/^lnbcrt/)
    await backend.call(rpcs.cancelInvoice, paymentHash)
  })

  it('refuses calls once the session has expired', async () => {
    const { pairingPhrase } = await path!.createSession('bob', { expirySeconds: 8 })
    const backend = open({ pairingPhrase })
    expect((await backend.call(rpcs.getInfo)).alias).toBe('bob')
    const expiry = backend.expiry()!
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, expiry.getTime() - Date.now()) + 1_000),
    )
    await expect(backend.call(rpcs.getInfo)).rejects.toMatchObject({
      code: 'LNC_SESSION_EXPIRED',
      name: 'LncSessionExpiredError',
    })
  })
})

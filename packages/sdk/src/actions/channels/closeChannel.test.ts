import { isBaseError } from '@btcfi/core'
import { describe, expect, it } from 'vitest'
import { createClient } from '../../client/createClient.js'
import { fakeBackend, streamOf } from '../../testing/fakeBackend.js'
import { closeChannel } from './closeChannel.js'

const channelPoint = { txid: 'ab'.repeat(32), outputIndex: 0 }

describe('closeChannel', () => {
  it('resolves with the closing transaction of the first update', async () => {
    const backend = fakeBackend({
      closeChannel: () => streamOf([{ closingTxid: 'cd'.repeat(32) }]) as never,
    })
    const client = createClient({ backend, network: 'regtest' })
    expect(await closeChannel(client, { channelPoint })).toEqual({ closingTxid: 'cd'.repeat(32) })
  })

  it('a stream lnd ends before the broadcast is a typed PROTOCOL error, never a plain Error', async () => {
    const backend = fakeBackend({ closeChannel: () => streamOf([]) as never })
    const client = createClient({ backend, network: 'regtest' })
    const error = await closeChannel(client, { channelPoint }).catch((e: unknown) => e)
    expect(isBaseError(error) && error.code).toBe('PROTOCOL')
  })
})

import { type Backend, isBaseError, NodeUnreachableError } from '@btcfi/core'
import { backendFrom, type Transport } from '@btcfi/wire'
import { describe, expect, it } from 'vitest'
import { createClient } from './createClient.js'
import { lightningActions } from './lightningActions.js'

// The error contract of every action of the client: a call that returns a
// promise never throws at once, and what it rejects with is an SDK error,
// whatever it is given (nothing, garbage, the right shape) and whatever the
// node answers. Watchers are the exception by design: they throw bad
// arguments at once, before they return their Unwatch.

const watchers = new Set([
  'watchInvoice',
  'watchInvoices',
  'watchHoldInvoice',
  'watchChannelBackups',
])

/** A node that is down: every call of every RPC fails with NodeUnreachableError. */
const fail = () => new NodeUnreachableError('down://node')
const down: Backend = {
  kind: 'down',
  target: 'down://node',
  call: async () => {
    throw fail()
  },
  // biome-ignore lint/correctness/useYield: a stream that fails on its first read
  stream: async function* () {
    throw fail()
  },
}

// Actions that wait through a node that is down (trackPayment, waitForInvoice)
// stop at their signal: in the parameters, or as the options argument.
const signal = () => AbortSignal.timeout(300)
const inputs: (() => unknown[])[] = [
  () => [],
  () => [{ signal: signal() }],
  () => [null],
  () => [
    {
      paymentHash: 'zz',
      paymentRequest: 'lnbc1nope',
      amountMsat: -1n,
      pubkey: '02',
      channelPoint: { txid: 'ab'.repeat(32), outputIndex: '..' },
      startTime: 1,
      createdAfter: 'yesterday',
      indexOffset: -1,
      singles: [{}],
      multi: 7,
      signal: signal(),
    },
  ],
  () => [
    {
      paymentHash: 'ab'.repeat(32),
      amountMsat: 1_000n,
      dest: `02${'ab'.repeat(32)}`,
      signal: signal(),
    },
    { signal: signal() },
  ],
]

/** The same node down behind the real RPC table: every request is built and checked first. */
const downTransport: Transport & { kind: 'down' } = {
  kind: 'down',
  target: 'down://node',
  label: 'DownBackend',
  unary: async () => {
    throw new NodeUnreachableError('down://node')
  },
  stream: () => ({
    next: async () => {
      throw new NodeUnreachableError('down://node')
    },
    stop: async () => {},
  }),
  close: async () => {},
}

describe.each([
  ['a fake backend', down],
  ["the RPC table's backend", backendFrom(downTransport)],
])('every action of the client, over %s', (_name, backend) => {
  const actions = lightningActions(createClient({ backend, network: 'regtest' }))

  it.each(Object.keys(actions).filter((name) => !watchers.has(name)))(
    '%s rejects (never throws) and only with SDK errors',
    async (name) => {
      const action = actions[name as keyof typeof actions] as (...args: unknown[]) => unknown
      for (const input of inputs) {
        const args = input()
        let result: unknown
        expect(
          () => {
            result = action(...args)
          },
          `${name}(${JSON.stringify(args, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))})`,
        ).not.toThrow()
        expect(result).toBeInstanceOf(Promise)
        const error = await (result as Promise<unknown>).then(
          () => undefined,
          (e: unknown) => e,
        )
        if (error !== undefined) expect(isBaseError(error), `${name}: ${String(error)}`).toBe(true)
      }
    },
  )
})

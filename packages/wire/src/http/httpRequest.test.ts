import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toHttpRequest } from './httpRequest.js'

describe('toHttpRequest', () => {
  it('puts a GET message in the query, nested fields as a.b and booleans as words', () => {
    expect(
      toHttpRequest('GET v1/graph/routes/{pub_key}/{amt}', {
        pub_key: '02ab',
        amt: '0',
        amt_msat: '1500',
        final_cltv_delta: 40,
        fee_limit: { fixed_msat: '10' },
        use_mission_control: false,
      }),
    ).toEqual({
      method: 'GET',
      path: 'v1/graph/routes/02ab/0?amt_msat=1500&final_cltv_delta=40&fee_limit.fixed_msat=10&use_mission_control=false',
      body: undefined,
    })
  })

  it('sends bytes in a path as padded base64url, as lnd’s gateway decodes them', () => {
    const hash = '+/8='.padStart(44, 'A')
    expect(
      toHttpRequest('GET v2/router/track/{payment_hash}', {
        payment_hash: hash,
        no_inflight_updates: false,
      }).path,
    ).toBe(`v2/router/track/${'-_8='.padStart(44, 'A')}?no_inflight_updates=false`)
  })

  it('takes nested path fields out of the query, and leaves the message as it was', () => {
    const message = {
      channel_point: { funding_txid_str: 'ab'.repeat(32), output_index: 1 },
      force: true,
    }
    const copy = structuredClone(message)
    expect(
      toHttpRequest(
        'DELETE v1/channels/{channel_point.funding_txid_str}/{channel_point.output_index}',
        message,
      ),
    ).toEqual({
      method: 'DELETE',
      path: `v1/channels/${'ab'.repeat(32)}/1?force=true`,
      body: undefined,
    })
    expect(message).toEqual(copy)
  })

  it('sends a POST message whole as the JSON body', () => {
    expect(toHttpRequest('POST v1/invoices', { value_msat: '1000', memo: 'tea & cake' })).toEqual({
      method: 'POST',
      path: 'v1/invoices',
      body: '{"value_msat":"1000","memo":"tea & cake"}',
    })
  })

  it('refuses a missing, empty or dot path field, rather than calling another route', () => {
    for (const message of [{}, { r_hash_str: '' }, { r_hash_str: '..' }, { r_hash_str: -1 }])
      expect(() => toHttpRequest('GET v1/invoice/{r_hash_str}', message)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      )
    expect(toHttpRequest('GET v1/x/{n}', { n: 7 }).path).toBe('v1/x/7')
  })

  it('round-trips any flat message through the query (property)', () => {
    const value = fc.oneof(fc.string(), fc.boolean(), fc.integer())
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,12}$/), value), (message) => {
        const { path } = toHttpRequest('GET v1/x', message)
        const query = new URLSearchParams(path.split('?')[1] ?? '')
        expect(Object.fromEntries(query)).toEqual(
          Object.fromEntries(Object.entries(message).map(([k, v]) => [k, String(v)])),
        )
      }),
    )
  })
})

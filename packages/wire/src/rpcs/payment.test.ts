import { describe, expect, it } from 'vitest'
import { toHttpRequest } from '../http/httpRequest.js'
import * as fx from '../testing/lndReplies.js'
import * as rpcs from './index.js'
import {
  mapFailureReason,
  mapForwardingPage,
  mapPayment,
  mapPaymentPage,
  mapQueryRoutes,
  mapRouteFeeEstimate,
  toForwardingHistoryRequest,
  toListPaymentsRequest,
  toQueryRoutesRequest,
  toRouteFeeBody,
  toSendPaymentBody,
} from './payment.js'

const bob = '028e8f3fb6efea01e54979d29198cb3f1ce11e639a5a97efd5c3702e059f327266'
const carol = '0324bce54c1b527644839af50fe922707fd1af8a56d17cae0332263e9828c83860'

describe('payment mapping', () => {
  it('maps an IN_FLIGHT update: the all-zero preimage is no preimage', () => {
    const payment = mapPayment(fx.paymentInFlight)
    expect(payment.paymentHash).toBe(
      'ad866bd298d07083ca4a881e3133872877e30ee6dabc3ad5b7711c72b9c39408',
    )
    expect(payment.status).toBe('IN_FLIGHT')
    expect(payment.preimage).toBeUndefined()
    expect(payment.valueMsat).toBe(1_000_500n)
    expect(payment.failureReason).toBe('NONE')
    expect(payment.paymentRequest).toBe(fx.paymentInFlight.payment_request)
  })

  it('maps a SUCCEEDED payment field by field, HTLC attempts and route included', () => {
    const payment = mapPayment(fx.paymentSucceeded)
    expect(payment).toMatchObject({
      paymentHash: 'ad866bd298d07083ca4a881e3133872877e30ee6dabc3ad5b7711c72b9c39408',
      status: 'SUCCEEDED',
      valueMsat: 1_000_500n,
      feeMsat: 1001n,
      preimage: '6a787af8cbdb5d0e285900b96ddf325c98ded00f144a90107109c5bdc498c7e4',
      paymentIndex: 2n,
      createdAt: new Date(1_795_501_022_239),
      failureReason: 'NONE',
    })
    expect(payment.htlcs).toHaveLength(1)
    const attempt = payment.htlcs[0]!
    expect(attempt.attemptId).toBe(2n)
    expect(attempt.status).toBe('SUCCEEDED')
    expect(attempt.attemptTime).toEqual(new Date(1_795_501_022_240))
    expect(attempt.resolveTime).toEqual(new Date(1_795_501_022_421))
    expect(attempt.preimage).toBe(payment.preimage)
    expect(attempt.failureCode).toBeUndefined()
    expect(attempt.route).toEqual({
      totalTimeLock: 671,
      totalAmountMsat: 1_001_501n,
      totalFeesMsat: 1001n,
      hops: [
        {
          chanId: '553054348836864',
          pubkey: bob,
          amountToForwardMsat: 1_000_500n,
          feeMsat: 1001n,
          expiry: 591,
          customRecords: {},
        },
        {
          chanId: '553054348902400',
          pubkey: carol,
          amountToForwardMsat: 1_000_500n,
          feeMsat: 0n,
          expiry: 591,
          customRecords: {},
        },
      ],
    })
  })

  it('maps a FAILED payment: reason without prefix, failure code per attempt', () => {
    const payment = mapPayment(fx.paymentFailed)
    expect(payment.status).toBe('FAILED')
    expect(payment.failureReason).toBe('INCORRECT_PAYMENT_DETAILS')
    expect(payment.paymentRequest).toBeUndefined()
    expect(payment.preimage).toBeUndefined()
    expect(payment.valueMsat).toBe(2000n)
    expect(payment.htlcs.map((htlc) => [htlc.status, htlc.failureCode])).toContainEqual([
      'FAILED',
      'INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS',
    ])
  })

  it('maps every failure reason, an unknown one as ERROR', () => {
    expect(mapFailureReason('FAILURE_REASON_NONE')).toBe('NONE')
    expect(mapFailureReason('FAILURE_REASON_TIMEOUT')).toBe('TIMEOUT')
    expect(mapFailureReason('FAILURE_REASON_NO_ROUTE')).toBe('NO_ROUTE')
    expect(mapFailureReason('FAILURE_REASON_ERROR')).toBe('ERROR')
    expect(mapFailureReason('FAILURE_REASON_INSUFFICIENT_BALANCE')).toBe('INSUFFICIENT_BALANCE')
    expect(mapFailureReason('FAILURE_REASON_CANCELED')).toBe('CANCELED')
    expect(mapFailureReason('FAILURE_REASON_FROM_THE_FUTURE')).toBe('ERROR')
  })

  it('builds a SendPaymentRequest body: amt_msat, fee_limit_msat, records base64, inflight updates on', () => {
    const hash = 'ad866bd298d07083ca4a881e3133872877e30ee6dabc3ad5b7711c72b9c39408'
    expect(
      toSendPaymentBody({
        dest: carol,
        paymentHash: hash,
        amountMsat: 1500n,
        feeLimitMsat: 10n,
        timeoutSeconds: 30,
        destCustomRecords: { '5482373484': new Uint8Array([1, 2, 3]), '7629169': new Uint8Array() },
        finalCltvDelta: 40,
        outgoingChanIds: ['553054348836864'],
        allowSelfPayment: false,
        maxParts: 1,
      }),
    ).toEqual({
      dest: 'AyS85UwbUnZEg5r1D+kicH/Rr4pW0XyuAzImPpgoyDhg',
      payment_hash: 'rYZr0pjQcIPKSogeMTOHKHfjDubavDrVt3EccrnDlAg=',
      amt_msat: '1500',
      fee_limit_msat: '10',
      timeout_seconds: 30,
      dest_custom_records: { '5482373484': 'AQID', '7629169': '' },
      final_cltv_delta: 40,
      outgoing_chan_ids: ['553054348836864'],
      allow_self_payment: false,
      max_parts: 1,
      no_inflight_updates: false,
    })
    expect(
      toSendPaymentBody({ paymentRequest: 'lnbcrt1', feeLimitMsat: 0n, timeoutSeconds: 5 }),
    ).toEqual({
      payment_request: 'lnbcrt1',
      fee_limit_msat: '0',
      timeout_seconds: 5,
      no_inflight_updates: false,
    })
    // AMP: lnd's `amp` flag; a spontaneous one has no hash and no preimage record.
    expect(
      toSendPaymentBody({
        dest: carol,
        amountMsat: 2000n,
        feeLimitMsat: 10n,
        timeoutSeconds: 30,
        finalCltvDelta: 40,
        amp: true,
      }),
    ).toEqual({
      dest: 'AyS85UwbUnZEg5r1D+kicH/Rr4pW0XyuAzImPpgoyDhg',
      amt_msat: '2000',
      fee_limit_msat: '10',
      timeout_seconds: 30,
      final_cltv_delta: 40,
      amp: true,
      no_inflight_updates: false,
    })
    expect(
      toSendPaymentBody({
        paymentRequest: 'lnbcrt1',
        feeLimitMsat: 0n,
        timeoutSeconds: 5,
        finalOnly: true,
      }).no_inflight_updates,
    ).toBe(true)
  })

  it('builds fee-estimate bodies, rounding msat up to whole sat', () => {
    expect(toRouteFeeBody({ dest: carol, amountMsat: 1_000_001n })).toEqual({
      dest: 'AyS85UwbUnZEg5r1D+kicH/Rr4pW0XyuAzImPpgoyDhg',
      amt_sat: '1001',
    })
    expect(toRouteFeeBody({ dest: carol, amountMsat: 1_000_000n })).toMatchObject({
      amt_sat: '1000',
    })
    expect(toRouteFeeBody({ paymentRequest: 'lnbcrt1', timeoutSeconds: 20 })).toEqual({
      payment_request: 'lnbcrt1',
      timeout: 20,
    })
  })

  it('maps a RouteFeeResponse', () => {
    expect(mapRouteFeeEstimate(fx.estimateRouteFee)).toEqual({
      routingFeeMsat: 1001n,
      timeLockDelay: 671,
      failureReason: 'NONE',
    })
  })

  it('builds the QueryRoutes path with the exact amount in amt_msat', () => {
    const message = toQueryRoutesRequest({
      pubkey: carol,
      amountMsat: 1_000_500n,
      finalCltvDelta: 40,
      feeLimitMsat: 5000n,
    })
    expect(toHttpRequest(rpcs.queryRoutes.http, message).path).toBe(
      `v1/graph/routes/${carol}/0?amt_msat=1000500&final_cltv_delta=40&fee_limit.fixed_msat=5000`,
    )
  })

  it('builds a ListPayments query and maps a page', () => {
    const message = toListPaymentsRequest({
      includeIncomplete: true,
      indexOffset: 7n,
      maxPayments: 2,
      reversed: false,
      createdAfter: new Date(1_700_000_000_500),
    })
    expect(toHttpRequest(rpcs.listPayments.http, message).path).toBe(
      'v1/payments?include_incomplete=true&index_offset=7&max_payments=2&reversed=false&creation_date_start=1700000000',
    )
    const page = mapPaymentPage({
      payments: [fx.paymentSucceeded],
      first_index_offset: '8',
      last_index_offset: '8',
    })
    expect(page.payments).toEqual([mapPayment(fx.paymentSucceeded)])
    expect([page.firstIndexOffset, page.lastIndexOffset]).toEqual([8n, 8n])
    expect(
      mapPaymentPage({ payments: null, first_index_offset: '0', last_index_offset: '0' }).payments,
    ).toEqual([])
  })

  it('maps a QueryRoutesResponse', () => {
    const [route, ...rest] = mapQueryRoutes(fx.queryRoutes)
    expect(rest).toEqual([])
    expect(route?.totalAmountMsat).toBe(1_001_501n)
    expect(route?.totalFeesMsat).toBe(1001n)
    expect(route?.hops.map((hop) => hop.pubkey)).toEqual([bob, carol])
    expect(route?.hops[1]?.amountToForwardMsat).toBe(1_000_500n)
  })

  it('builds a ForwardingHistory body and maps a page (lnd prints uint64 as strings, uint32 as numbers)', () => {
    expect(
      toForwardingHistoryRequest({
        startTime: new Date(1_700_000_000_900),
        indexOffset: 3,
        maxEvents: 2,
      }),
    ).toEqual({ start_time: '1700000000', index_offset: 3, num_max_events: 2 })
    expect(() => toForwardingHistoryRequest({ maxEvents: 0 })).toThrow(/maxEvents/)
    expect(
      mapForwardingPage({
        forwarding_events: [
          {
            chan_id_in: '553054348836864',
            chan_id_out: '556352883720192',
            amt_in_msat: '2003002',
            amt_out_msat: '2002000',
            fee_msat: '1002',
            timestamp_ns: '1700000000123456789',
          },
        ],
        last_offset_index: 4,
      }),
    ).toEqual({
      events: [
        {
          at: new Date(1_700_000_000_123),
          chanIdIn: '553054348836864',
          chanIdOut: '556352883720192',
          amountInMsat: 2_003_002n,
          amountOutMsat: 2_002_000n,
          feeMsat: 1002n,
        },
      ],
      lastOffsetIndex: 4,
    })
    expect(mapForwardingPage({ forwarding_events: null, last_offset_index: 0 }).events).toEqual([])
  })
})

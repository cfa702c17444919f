import type { Agent } from '../agent/createAgent.js'
import type { InterestChannel } from './InterestChannel.js'

/**
 * Interest by invoice: the desk issues an invoice for the interest accrued
 * and unpaid (at least 1 sat), the agent pays it. One invoice at a time per
 * loan; a payment that fails is not sent again with another hash (the desk
 * hands back the same open invoice next time).
 *
 * @example
 * const channel = invoiceInterestChannel(agent)
 * const stop = payInterestPeriodically(channel, loanId, { intervalMs: 86_400_000 })
 */
export function invoiceInterestChannel(agent: Agent): InterestChannel {
  return {
    async payDue(loanId) {
      const payment = await agent.payInterest(loanId)
      return payment?.valueMsat ?? 0n
    },
  }
}

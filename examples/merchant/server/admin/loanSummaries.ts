import { finalLoanStates, type LoanRecord, type LoanStore, ltvBps } from '@btcfi/loans'

/** The collateral a loan holds now: its ACCEPTED locks (`@btcfi/loans` does not export its own helper). */
const heldSat = (loan: LoanRecord) =>
  loan.locks.filter((l) => l.state === 'ACCEPTED').reduce((sum, l) => sum + l.amountSat, 0n)

/** The desk's loans for the admin page: state, amounts and LTV at today's price. */
export async function loanSummaries(store: LoanStore, centsPerBtc: bigint) {
  const loans = await store.listLoans()
  return loans.map((loan) => {
    const collateralSat = heldSat(loan)
    const { accruedMsat, paidMsat } = loan.interest
    return {
      id: loan.id,
      state: loan.state,
      /** `btcfi-loan/2` when an escrow agent holds the lock's preimage. */
      protocol: loan.agreement.protocol,
      escrowAgent: loan.agreement.escrow?.agentPubkey,
      open: !finalLoanStates.includes(loan.state),
      principalCents: loan.agreement.principal,
      collateralSat,
      ltvBps: ltvBps({
        principal: loan.agreement.principal,
        currency: loan.agreement.currency,
        arrearsMsat: accruedMsat > paidMsat ? accruedMsat - paidMsat : 0n,
        collateralSat,
        centsPerBtc,
      }),
      marginCall: loan.marginCall !== undefined,
      surplusSat: loan.liquidation?.surplusSat,
    }
  })
}

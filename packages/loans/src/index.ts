// @btcfi/loans: loans with HTLC-escrowed collateral. The lender's desk, the
// borrower's agent, the price oracle, the loan store and the money math.

export {
  type Agent,
  type AgentParameters,
  createAgent,
  type DeskInfo,
  type LockHandle,
  type LockOutcome,
  type OpenedLoanHandle,
  type OpenParameters,
  type SurplusCheck,
  type WatchLoanParameters,
} from './agent/createAgent.js'
export {
  type StreamInterestDeps,
  type StreamInterestParameters,
  streamInterest,
} from './agent/streamInterest.js'
export {
  createDesk,
  type Desk,
  type DeskInvoice,
  type DeskParameters,
  type OpenedLoan,
  type OpenRequest,
  type QuoteRequest,
} from './desk/createDesk.js'
export {
  createDeskHandler,
  type DeskHandler,
  type DeskHandlerParameters,
} from './desk/createDeskHandler.js'
export {
  type AcceptedEscrowAgent,
  type DeskEscrowParameters,
  type EscrowLender,
  lenderSecretOf,
} from './desk/deskEscrow.js'
export type { EscrowLockRequest } from './desk/escrowLocks.js'
export type { LoanView } from './desk/loanView.js'
export { STREAMED_INTEREST_CURSOR } from './desk/streamedInterest.js'
export {
  isLoanError,
  LoanError,
  type LoanErrorParameters,
  type LoanErrorReason,
  loanErrorReasons,
} from './errors/LoanError.js'
export {
  createEscrowAgent,
  type EscrowAgent,
  type EscrowAgentParameters,
  type EscrowDeposit,
  type EscrowStatus,
} from './escrow/createEscrowAgent.js'
export {
  createEscrowHandler,
  ESCROW_PROTOCOL,
  type EscrowHandler,
  type EscrowHandlerParameters,
} from './escrow/createEscrowHandler.js'
export {
  type AgentView,
  type DefaultClaim,
  type DefaultDispute,
  decideRelease,
  type EscrowHold,
  MAX_DISPUTE_WINDOW_MS,
  MIN_DISPUTE_WINDOW_MS,
  type ReleaseDecision,
  type ReleaseGround,
} from './escrow/decideRelease.js'
export {
  type DurableEscrowStore,
  type EscrowRecord,
  type EscrowStore,
  memoryEscrowStore,
} from './escrow/EscrowStore.js'
export {
  type EscrowAttestation,
  type EscrowClaim,
  type EscrowTerms,
  type ExpectedEscrowClaim,
  escrowAttestationText,
  signEscrowAttestation,
  verifyEscrowAttestation,
} from './escrow/escrowAttestation.js'
export {
  type EscrowAgentCalls,
  type EscrowClient,
  type EscrowClientParameters,
  escrowClient,
} from './escrow/escrowClient.js'
export { expectedEscrowClaim } from './escrow/expectedEscrowClaim.js'
export {
  type LenderAction,
  signLenderRequest,
  verifyLenderRequest,
} from './escrow/lenderRequest.js'
export { answersDefault, MAX_PAYMENT_PROOFS, type PaymentProof } from './escrow/paymentProof.js'
export {
  openSealedPreimage,
  type SealContext,
  type SealedPreimage,
  sealPreimage,
} from './escrow/sealPreimage.js'
export type { InterestChannel } from './interest/InterestChannel.js'
export { invoiceInterestChannel } from './interest/invoiceInterestChannel.js'
export {
  type PayInterestPeriodicallyParameters,
  payInterestPeriodically,
} from './interest/payInterestPeriodically.js'
export { agreementHash } from './loan/agreementHash.js'
export { agreementOf } from './loan/agreementOf.js'
export type { EscrowAgreement, LoanAgreement } from './loan/LoanAgreement.js'
export {
  type DeskInvoiceRecord,
  type DeskPaymentRecord,
  finalLoanStates,
  type InterestLedger,
  type LiquidationRecord,
  type LoanEvent,
  type LoanEventType,
  type LoanRecord,
  type LoanState,
  type LockPurpose,
  type LockRecord,
  type LockState,
  type NewLoanEvent,
} from './loan/LoanRecord.js'
export type { Quote } from './loan/Quote.js'
export {
  type AccruedInterest,
  type AccrueInterestParameters,
  accrueInterest,
} from './money/accrueInterest.js'
export { type CollateralParameters, collateralSat } from './money/collateralSat.js'
export { BPS, type Currency, YEAR_MS } from './money/constants.js'
export {
  type LiquidationParameters,
  type LiquidationSplit,
  liquidationSplit,
} from './money/liquidationSplit.js'
export { type DebtPosition, ltvAtLeast, ltvBps } from './money/ltv.js'
export { type ValueParameters, valueMsat } from './money/valueMsat.js'
export { type HttpOracleParameters, httpOracle } from './oracle/httpOracle.js'
export type { PriceOracle, PriceSnapshot, SourcePrice } from './oracle/PriceOracle.js'
export { parseUsdCents } from './oracle/parseUsdCents.js'
export {
  binanceSource,
  bitstampSource,
  coinbaseSource,
  krakenSource,
  type PriceSource,
} from './oracle/priceSources.js'
export { type ScriptedOracle, scriptedOracle } from './oracle/scriptedOracle.js'
export { canonicalJson } from './protocol/canonicalJson.js'
export { interestStreamId, LOAN_METADATA_KEY } from './protocol/interestStream.js'
export {
  agreementSigningText,
  PROTOCOL,
  PROTOCOL_V2,
  type RequestToSign,
  requestSigningText,
  SIGNATURE_HEADERS,
} from './protocol/signedRequest.js'
export { fromWire, toWire } from './protocol/wireJson.js'
export type { LoanStore } from './store/LoanStore.js'
export { memoryLoanStore } from './store/memoryLoanStore.js'
export { defaultTerms } from './terms/defaultTerms.js'
export type { LoanTerms, LockTerms } from './terms/LoanTerms.js'
export { lockCltvExpiry, requiredLockBlocks, safeDeadlineHeight } from './terms/lockCltvExpiry.js'
export { validateTerms } from './terms/validateTerms.js'

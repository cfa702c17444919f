/** The metadata key of a stream record that names the loan whose interest it pays. */
export const LOAN_METADATA_KEY = 'loan'

/** The stream id an agent uses for a loan's interest: one stream per loan, resumed by id. */
export const interestStreamId = (loanId: string): string => `loan-interest-${loanId}`

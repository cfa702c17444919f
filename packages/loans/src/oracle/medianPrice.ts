// The loan desk prices with the same rule as payments: @btcfi/fiat's.
export { isOutlier, medianRate as medianPrice } from '@btcfi/fiat'

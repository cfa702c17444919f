// @btcfi/stream: payment streams over keysend, and their receivers.

export { type Accrual, accruedMsat, dueMsat } from './accrual/accrual.js'
export { type InterestScheduleParameters, interestSchedule } from './accrual/interestSchedule.js'
export { createLimiter, type Limiter, type LimiterOptions } from './limiter/createLimiter.js'
export {
  memoryStreamTallyStore,
  type StreamTally,
  type StreamTallyStore,
} from './receiver/StreamTallyStore.js'
export {
  type SignedReceipt,
  type StreamPayment,
  type StreamReceiver,
  type WatchStreamsParameters,
  watchStreams,
} from './receiver/watchStreams.js'
export {
  STREAM_AUTHORIZATION_RECORD,
  type StreamAuthorizationFields,
  streamAuthorizationSigner,
  streamAuthorizationText,
} from './records/streamAuthorization.js'
export { streamKey } from './records/streamKey.js'
export {
  type DecodedStreamRecords,
  decodeStreamRecords,
  encodeStreamRecords,
  STREAM_RECORD,
  STREAM_SIGNATURE_RECORD,
  type StreamRecord,
  type StreamRecordFields,
} from './records/streamRecords.js'
export {
  createStream,
  type Stream,
  type StreamEvent,
  type StreamOptions,
  type StreamSummary,
} from './sender/createStream.js'
export { fileStreamStore } from './store/fileStreamStore.js'
export {
  type InFlightPayment,
  memoryStreamStore,
  type StreamState,
  type StreamStore,
} from './store/StreamStore.js'

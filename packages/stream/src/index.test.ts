import { expect, it } from 'vitest'
import * as stream from './index.js'

it('exports its public API and nothing else', () => {
  expect(Object.keys(stream).sort()).toMatchInlineSnapshot(`
    [
      "STREAM_AUTHORIZATION_RECORD",
      "STREAM_RECORD",
      "STREAM_SIGNATURE_RECORD",
      "accruedMsat",
      "createLimiter",
      "createStream",
      "decodeStreamRecords",
      "dueMsat",
      "encodeStreamRecords",
      "fileStreamStore",
      "interestSchedule",
      "memoryStreamStore",
      "memoryStreamTallyStore",
      "streamAuthorizationSigner",
      "streamAuthorizationText",
      "streamKey",
      "watchStreams",
    ]
  `)
})

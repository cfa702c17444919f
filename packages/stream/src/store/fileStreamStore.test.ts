import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fileStreamStore } from './fileStreamStore.js'
import type { StreamState } from './StreamStore.js'

const state = (seq: number): StreamState => ({
  id: 'a/b',
  destination: '02'.padEnd(66, '1'),
  status: 'running',
  activeMs: '1000',
  sentMsat: String(seq * 1000),
  seq,
  inFlight: undefined,
  updatedAt: 0,
})

describe('fileStreamStore', () => {
  it('keeps the last state written, leaves no temp files, survives a new instance', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'btcfi-streams-'))
    try {
      const store = fileStreamStore(dir)
      expect(await store.load('a/b')).toBeUndefined()
      await Promise.all([1, 2, 3].map((seq) => store.save(state(seq))))
      await store.save(state(4))
      expect(await fileStreamStore(dir).load('a/b')).toEqual(state(4))
      expect(await readdir(dir)).toEqual(['a%2Fb.json'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

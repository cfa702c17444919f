import { describe, expect, it } from 'vitest'
import { placeOf, summarizeProfile } from './summarizeProfile.js'

describe('summarizeProfile', () => {
  it('adds self time by place and function, leaving idle out', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 })
    const summary = summarizeProfile({
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        {
          id: 2,
          callFrame: frame(
            'request',
            'file:///r/node_modules/.pnpm/undici@7.30.2/node_modules/undici/index.js',
          ),
        },
        { id: 3, callFrame: frame('parseLine', 'file:///r/packages/lnd/src/stream/readNdjson.ts') },
        { id: 4, callFrame: frame('(garbage collector)', '') },
      ],
      samples: [1, 2, 3, 2, 4, 1],
      timeDeltas: [500, 10, 20, 30, 40, 500],
    })
    expect(summary.busyMicros).toBe(100)
    expect(summary.byPlace).toEqual([
      ['undici@7.30.2', 40],
      ['(garbage collector)', 40],
      ['packages/lnd/src/stream/readNdjson.ts', 20],
    ])
    expect(summary.byFunction[0]).toEqual(['request undici@7.30.2:10', 40])
  })

  it('names Node’s modules by family and project files from the repository root', () => {
    expect(placeOf('node:internal/streams/readable')).toBe('node:internal')
    expect(placeOf('node:_http_client')).toBe('node:_http_client')
    expect(placeOf('file:///home/x/repo/packages/core/src/a.ts')).toBe('packages/core/src/a.ts')
    expect(placeOf('')).toBe('(native)')
  })
})

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { StreamState, StreamStore } from './StreamStore.js'

/**
 * One JSON file per stream in `dir`, written atomically (temp file, fsync'd
 * by the write, then renamed): a crash leaves the old state or the new one,
 * never half of one.
 */
export function fileStreamStore(dir: string): StreamStore {
  const path = (id: string) => join(dir, `${encodeURIComponent(id)}.json`)
  let ready: Promise<unknown> | undefined
  let writes = 0
  return {
    async load(id) {
      try {
        return JSON.parse(await readFile(path(id), 'utf8')) as StreamState
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
    },
    async save(state) {
      ready ??= mkdir(dir, { recursive: true })
      await ready
      const target = path(state.id)
      writes += 1
      const temp = `${target}.${process.pid}.${writes}.tmp`
      await writeFile(temp, JSON.stringify(state), { mode: 0o600, flush: true })
      await rename(temp, target)
    },
  }
}

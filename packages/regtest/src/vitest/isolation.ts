import { afterAll, expect } from 'vitest'
import { descendantsOf, killAll } from '../leftovers/childProcesses.js'
import { assertNothingLeft, getTestNetwork, type Leftover, releaseHeld } from './getTestNetwork.js'

// Vitest setup file (`setupFiles`) of the regtest project: after each test
// file, nothing it opened may outlive it. Whatever it left (a held HTLC, an
// open or accepted hold invoice, a stopped node, a browser, a desk or any other
// process it started) is cleaned up here, and the file is failed by name, so
// that one failure never takes the next files down with it.

await getTestNetwork()
const running = new Set(descendantsOf().map((p) => p.pid))

afterAll(async () => {
  const file = expect.getState().testPath ?? 'this test file'
  const processes = descendantsOf().filter((p) => !running.has(p.pid))
  killAll(processes)
  const held = await releaseHeld()
  const leftovers: Leftover[] = [
    ...processes.map((p) => ({
      node: 'test',
      kind: 'process' as const,
      detail: `process ${p.pid} still running (killed): ${p.command}`,
    })),
    ...held,
  ]
  try {
    assertNothingLeft(leftovers)
  } catch (error) {
    process.stderr.write(`[regtest] ${file}: ${(error as Error).message}\n`)
    throw error
  }
}, 120_000)

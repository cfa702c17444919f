import { spawn } from 'node:child_process'
import { expect, it } from 'vitest'
import { descendantsOf, killAll } from './childProcesses.js'

it('finds the processes this one started, children of children included, and kills them', async () => {
  const before = new Set(descendantsOf().map((p) => p.pid))
  // sh starts sleep: sleep is a grandchild of this process.
  const shell = spawn('sh', ['-c', 'sleep 60 & wait'], { stdio: 'ignore' })
  await expect
    .poll(() =>
      descendantsOf()
        .filter((p) => !before.has(p.pid))
        .map((p) => p.command),
    )
    .toEqual(expect.arrayContaining(['sh -c sleep 60 & wait', 'sleep 60']))
  const exited = new Promise((resolve) => shell.on('exit', resolve))
  killAll(descendantsOf().filter((p) => !before.has(p.pid)))
  await exited
  await expect.poll(() => descendantsOf().filter((p) => !before.has(p.pid))).toEqual([])
})

it('reports no secret from a command line', async () => {
  const child = spawn('sh', ['-c', 'sleep 60', 'sh', '--rpcpass=hunter2', '--macaroon', 'ab12'], {
    stdio: 'ignore',
  })
  // Other test files in this process may start processes meanwhile: this one is found by its pid.
  const mine = () => descendantsOf().filter((p) => p.pid === child.pid)
  await expect.poll(mine).toHaveLength(1)
  const [reported] = mine()
  expect(reported!.command).toBe('sh -c sleep 60 sh --rpcpass=[redacted] --macaroon [redacted]')
  const exited = new Promise((resolve) => child.on('exit', resolve))
  killAll([reported!])
  await exited
})

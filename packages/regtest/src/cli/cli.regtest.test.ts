import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { processesMentioning } from '../testing/processes.js'

const run = promisify(execFile)
const bin = fileURLToPath(new URL('../../bin/btcfi-regtest.js', import.meta.url))

describe('btcfi-regtest', () => {
  it('runs up (with LNC), status, mine, env, pair and down', async () => {
    const home = await mkdtemp(join(tmpdir(), 'btcfi-cli-'))
    const cli = (...args: string[]) =>
      run(process.execPath, [bin, ...args], {
        env: { ...process.env, BTCFI_REGTEST_HOME: home },
        timeout: 240_000,
      })
    try {
      const up = await cli('up', '--nodes', 'dave,erin', '--lnc')
      expect(up.stdout).toMatch(/network ready in/)
      expect(up.stdout).toMatch(/dave +0[23][0-9a-f]{64} +rest https:\/\/127\.0\.0\.1:\d+/)
      expect(up.stdout).toMatch(/dave → erin/)
      expect(up.stdout).toMatch(/lnc: +mailbox 127\.0\.0\.1:\d+ +wasm http:\/\/127\.0\.0\.1:\d+/)
      const phrase = (await cli('pair', 'erin', 'readonly')).stdout.trim()
      expect(phrase.split(' ')).toHaveLength(10)

      const height = Number(/height (\d+)/.exec((await cli('status')).stdout)?.[1])
      expect((await cli('mine', '2')).stdout).toContain(`height ${height + 2}`)

      const env = await cli('env', '--json')
      const parsed = JSON.parse(env.stdout) as {
        nodes: Record<string, { macaroons: { admin: string } }>
      }
      expect(Object.keys(parsed.nodes)).toEqual(['dave', 'erin'])
      expect(parsed.nodes.dave?.macaroons.admin).toMatch(/^[0-9a-f]+$/)
      expect((await cli('env')).stdout).toMatch(
        /export BTCFI_ERIN_REST_URL=https:\/\/127\.0\.0\.1:\d+/,
      )

      const bolt11 = (await cli('invoice', 'erin', '1500', 'a', 'test')).stdout.trim()
      expect(bolt11).toMatch(/^lnbcrt15u1/)

      expect((await cli('down')).stdout).toContain('network stopped')
      expect(processesMentioning(home)).toEqual([])
      await expect(cli('status')).rejects.toMatchObject({
        stderr: expect.stringContaining('btcfi-regtest up'),
      })
    } finally {
      await run(process.execPath, [bin, 'down'], {
        env: { ...process.env, BTCFI_REGTEST_HOME: home },
      }).catch(() => {})
      await rm(home, { recursive: true, force: true })
    }
  })
})

import { execFileSync, spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exampleRoot } from '../server/stack/buildWeb.js'

const repoRoot = join(exampleRoot, '..', '..')

/** Processes whose command line mentions `text` (lnd and btcd name their network dir). */
function processesMentioning(text: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', '--', text], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
  } catch {
    return [] // pgrep exits 1 when nothing matches
  }
}

describe('the demo', () => {
  it('starts a network, a desk, a price feed and the app, prints the URL, and Ctrl-C leaves nothing running', async () => {
    const started = Date.now()
    const demo = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'scripts/demo.ts', '--port', '0'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    demo.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    demo.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const exited = new Promise<number | null>((resolve) => demo.on('exit', (code) => resolve(code)))
    try {
      await expect
        .poll(() => output, { timeout: 240_000, interval: 200 })
        .toMatch(/Open http:\/\/127\.0\.0\.1:\d+/)
      const url = /Open (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!
      console.log(`demo: time to the printed URL ${((Date.now() - started) / 1000).toFixed(1)} s`)
      const networkDir = /files in (\S+)\)/.exec(output)![1]!
      // btcd, alice, bob, carol (and the network's watchdog)
      expect(processesMentioning(networkDir).length).toBeGreaterThanOrEqual(4)

      const page = await fetch(url)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<div id="root">')
      const price = await (await fetch(`${url}/api/price`)).json()
      expect(price).toEqual({ centsPerBtc: '10000000' })

      demo.kill('SIGINT')
      expect(await exited).toBe(0)
      expect(output).toContain('stopped: no node left running')
      await expect.poll(() => processesMentioning(networkDir), { timeout: 10_000 }).toEqual([])
    } finally {
      if (demo.exitCode === null) demo.kill('SIGKILL')
    }
  }, 300_000)
})

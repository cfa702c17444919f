import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exampleRoot } from '../server/stack/buildWeb.js'

const repoRoot = join(exampleRoot, '..', '..')

/** Processes whose command line mentions `text` (lnd and btcd name their network dir, PostgreSQL its cluster). */
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

/** Whether process `pid` runs. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Runs the demo with `args` until it prints its URL, hands the URL and its
 * output so far to `check`, then stops it with Ctrl-C (SIGINT) and expects it
 * to exit 0 with no process of its network, and no escrow agent, left.
 * Returns its whole output.
 */
async function runDemo(
  args: string[],
  check: (url: string, output: string) => Promise<void>,
): Promise<string> {
  const started = Date.now()
  const demo = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'scripts/demo.ts', '--port', '0', ...args],
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
    // Pay later in v2: the escrow agent, a process of its own.
    const agentPid = Number(/escrow agent: process (\d+)/.exec(output)?.[1])
    expect(agentPid).toBeGreaterThan(0)
    expect(running(agentPid)).toBe(true)

    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="root">')
    const price = await (await fetch(`${url}/api/price`)).json()
    expect(price).toEqual({ centsPerBtc: '10000000' })
    await check(url, output)

    demo.kill('SIGINT')
    expect(await exited).toBe(0)
    await expect.poll(() => processesMentioning(networkDir), { timeout: 10_000 }).toEqual([])
    expect(running(agentPid)).toBe(false)
    return output
  } finally {
    if (demo.exitCode === null) demo.kill('SIGKILL')
  }
}

describe('the demo', () => {
  it('starts a network, a desk, an escrow agent, a price feed and the app, prints the URL, and Ctrl-C leaves nothing running', async () => {
    const output = await runDemo([], async (_url, output) => {
      expect(output).toMatch(
        /escrow agent: process \d+ on http:\/\/127\.0\.0\.1:\d+, SQLite store, the chain's height from carol's node/,
      )
      expect(output).toContain('loan desk: SQLite store, oracle on the price feed, protocol v2')
    })
    expect(output).toContain('stopped: no node and no escrow agent left running')
  }, 300_000)

  it('--postgres: the desk on a PostgreSQL of its own, which Ctrl-C stops and removes', async () => {
    let cluster = ''
    const output = await runDemo(['--postgres'], async (url, output) => {
      cluster = /initdb in (\S*btcfi-postgres-[A-Za-z0-9]+)/.exec(output)![1]!
      expect(processesMentioning(cluster).length).toBeGreaterThanOrEqual(1)
      expect(output).toMatch(/loan desk: PostgreSQL store on 127\.0\.0\.1:\d+\/btcfi,/)
      // The agent keeps its preimages in the same database.
      expect(output).toMatch(
        /escrow agent: process \d+ on \S+, PostgreSQL store on 127\.0\.0\.1:\d+\/btcfi,/,
      )
      const quote = await fetch(`${url}/api/wallet/loans/quote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ principalCents: '2500' }),
      })
      expect(quote.status).toBe(201)
      const body = (await quote.json()) as { escrow?: { agentPubkey: string } }
      expect(body.escrow?.agentPubkey).toMatch(/^[0-9a-f]{64}$/)
    })
    expect(output).toContain('stopped: no node, no escrow agent and no PostgreSQL left running')
    await expect.poll(() => processesMentioning(cluster), { timeout: 10_000 }).toEqual([])
    expect(existsSync(cluster)).toBe(false)
  }, 300_000)
})

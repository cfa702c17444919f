import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as rpcs from './index.js'

// The table against lnd's own HTTP rules: the `*.yaml` files of the lnd
// module the regtest network runs (built from Go's module cache).
const lightningModule = new URL('../../../regtest/go/lightning/', import.meta.url).pathname
const lndDir = execFileSync(
  'go',
  ['list', '-m', '-f', '{{.Dir}}', 'github.com/lightningnetwork/lnd'],
  {
    cwd: lightningModule,
    env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off' },
    encoding: 'utf8',
  },
).trim()

/** `selector` → `METHOD path` (without its leading slash), from lnd's gateway yaml files. */
function httpRules(): Map<string, string> {
  const rules = new Map<string, string>()
  for (const file of [
    'lnrpc/lightning.yaml',
    'lnrpc/routerrpc/router.yaml',
    'lnrpc/invoicesrpc/invoices.yaml',
  ]) {
    let selector: string | undefined
    for (const line of readFileSync(join(lndDir, file), 'utf8').split('\n')) {
      const picked = /^\s+- selector: (\S+)/.exec(line)
      if (picked) selector = picked[1]
      const rule = /^\s+(get|post|delete): "\/([^"]+)"/.exec(line)
      if (rule && selector && !rules.has(selector))
        rules.set(selector, `${rule[1]!.toUpperCase()} ${rule[2]}`)
    }
  }
  return rules
}

describe('the RPC table', () => {
  it("routes every RPC as lnd's own gateway rules do", () => {
    const rules = httpRules()
    expect(rules.size).toBeGreaterThan(50)
    for (const [name, rpc] of Object.entries(rpcs))
      expect({ name, http: rpc.http }).toEqual({ name, http: rules.get(rpc.grpc) })
  })
})

#!/usr/bin/env node
// Checks each public package as npm would publish it: publint (package.json,
// exports, files) and arethetypeswrong (types resolve for ESM consumers).
// Run after `pnpm build`: `pnpm test:build`.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const packages = ['core', 'lnd', 'sdk', 'stream', 'loans', 'webhooks', 'fiat']
let failed = false
for (const name of packages) {
  const cwd = `${root}packages/${name}`
  for (const [tool, args] of [
    ['publint', ['--strict', '--pack', 'npm']],
    ['attw', ['--pack', '.', '--profile', 'esm-only', '--format', 'ascii']],
  ]) {
    try {
      execFileSync('npx', ['--no-install', tool, ...args], { cwd, stdio: 'pipe' })
      console.log(`✓ @btcfi/${name}: ${tool}`)
    } catch (error) {
      failed = true
      console.error(`✗ @btcfi/${name}: ${tool}\n${error.stdout ?? ''}${error.stderr ?? ''}`)
    }
  }
}
process.exit(failed ? 1 : 0)

#!/usr/bin/env node
// Summarises a contract-suite run: which client actions resolved over each
// backend. Run the suite with BTCFI_CONTRACT_REPORT=<file>, then:
//   node scripts/contract-report.mjs <file>
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? process.env.BTCFI_CONTRACT_REPORT
if (!file) {
  console.error('usage: node scripts/contract-report.mjs <report file>')
  process.exit(1)
}
const byBackend = new Map()
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue
  const { backend, action } = JSON.parse(line)
  const actions = byBackend.get(backend) ?? new Map()
  actions.set(action, (actions.get(action) ?? 0) + 1)
  byBackend.set(backend, actions)
}
const all = new Set([...byBackend.values()].flatMap((actions) => [...actions.keys()]))
for (const [backend, actions] of byBackend) {
  const calls = [...actions.values()].reduce((a, b) => a + b, 0)
  console.log(`${backend}: ${actions.size} actions passed (${calls} calls)`)
}
for (const action of [...all].sort()) {
  const row = [...byBackend].map(([backend, actions]) => `${backend} ${actions.get(action) ?? 0}`)
  console.log(`  ${action.padEnd(22)} ${row.join('  ')}`)
}

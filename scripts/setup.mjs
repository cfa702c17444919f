#!/usr/bin/env node
// Prepares a fresh checkout for the demo and the tests: the pinned pnpm, the
// workspace's dependencies, and the regtest binaries (lnd, btcd) built from
// their Go modules into a cache. Fast when everything is already there.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const root = new URL('..', import.meta.url)
const { packageManager } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
const pnpmVersion = packageManager.replace(/^pnpm@/, '')

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} is too old: BTCFi SDK needs Node 20.19 or newer.`)
  process.exit(1)
}

const step = (line) => console.log(`\x1b[36m›\x1b[0m ${line}`)
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' })

function pnpm() {
  try {
    const version = execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim()
    if (version === pnpmVersion) return ['pnpm', []]
  } catch {}
  return ['npx', ['--yes', `pnpm@${pnpmVersion}`]]
}

const [pnpmCommand, pnpmArgs] = pnpm()
step(`installing dependencies (pnpm ${pnpmVersion})`)
run(pnpmCommand, [
  ...pnpmArgs,
  'install',
  '--frozen-lockfile',
  '--prefer-offline',
  '--reporter=silent',
])
step('checking the regtest binaries (lnd, btcd, and the LNC mailbox, node side and wasm client)')
run(process.execPath, ['packages/regtest/bin/btcfi-regtest.js', 'install', '--lnc'])

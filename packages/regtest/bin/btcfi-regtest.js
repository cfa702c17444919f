#!/usr/bin/env node
// The `btcfi-regtest` command. Runs the built CLI, or its TypeScript source
// inside the SDK's own workspace.
import { existsSync } from 'node:fs'

const built = new URL('../dist/cli/main.js', import.meta.url)
if (existsSync(built)) {
  await import(built.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import(new URL('../src/cli/main.ts', import.meta.url).href)
}

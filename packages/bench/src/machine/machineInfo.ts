import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { availableParallelism, cpus, totalmem } from 'node:os'
import { BTCD_VERSION, LND_VERSION } from '@btcfi/regtest'
import { machineLoad } from './machineLoad.js'

export interface MachineInfo {
  cpus: number
  cpuModel: string
  memoryGiB: number
  node: string
  go: string
  lnd: string
  btcd: string
  lightningPackage: string
  /** `uptime`'s load averages (1, 5, 15 min) when read. */
  load: number[]
}

/** The `lightning` package the bench runs, as installed (`lightning@12.5.0`). */
function lightningPackage(): string {
  const { version } = createRequire(import.meta.url)('lightning/package.json') as {
    version: string
  }
  return `lightning@${version}`
}

export function machineInfo(): MachineInfo {
  let go = 'not found'
  try {
    go = execFileSync('go', ['version'], { encoding: 'utf8' }).trim()
  } catch {}
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    go,
    lnd: LND_VERSION,
    btcd: BTCD_VERSION,
    lightningPackage: lightningPackage(),
    load: machineLoad(),
  }
}

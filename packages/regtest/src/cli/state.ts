import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { NetworkAddress } from '../control/connectNetwork.js'

/** What `btcfi-regtest up` leaves for the other commands: how to reach its daemon. */
export interface NetworkState extends NetworkAddress {
  pid: number
  startedAt: string
  /** Where the network's files (logs, chain) are. */
  dir: string
}

/** `$BTCFI_REGTEST_HOME`, or `.regtest` in the current directory. */
export function stateDir(): string {
  return resolve(process.env.BTCFI_REGTEST_HOME ?? '.regtest')
}

export function stateFile(dir = stateDir()): string {
  return join(dir, 'network.json')
}

export async function readNetworkState(file = stateFile()): Promise<NetworkState> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as NetworkState
  } catch (cause) {
    throw new Error(`no running network (${file} not found): start one with \`btcfi-regtest up\``, {
      cause,
    })
  }
}

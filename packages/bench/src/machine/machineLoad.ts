import { loadavg } from 'node:os'

/** `uptime`'s load averages (1, 5, 15 min), to two decimals. */
export function machineLoad(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100)
}

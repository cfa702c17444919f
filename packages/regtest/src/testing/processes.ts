import { readdirSync, readFileSync } from 'node:fs'

/** Pids of running processes whose command line mentions `text` (Linux /proc). */
export function processesMentioning(text: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (cmdline.includes(text) && !cmdline.includes('-e\0')) pids.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}

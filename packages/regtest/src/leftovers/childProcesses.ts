import { readdirSync, readFileSync } from 'node:fs'

/** A process started (directly or not) by this one. */
export interface ChildProcessInfo {
  pid: number
  command: string
}

/** Each running process's parent, from /proc (empty where there is no /proc). */
function parents(): Map<number, { ppid: number; command: string }> {
  const table = new Map<number, { ppid: number; command: string }>()
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return table
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // pid (comm) state ppid ...: comm may hold spaces and parentheses.
      const close = stat.lastIndexOf(')')
      const ppid = Number(stat.slice(close + 2).split(' ')[1])
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim()
      table.set(Number(entry), {
        ppid,
        command: command || stat.slice(stat.indexOf('(') + 1, close),
      })
    } catch {
      // gone meanwhile
    }
  }
  return table
}

/** Every live descendant of `pid` (children, their children, ...), zombies excluded. */
export function descendantsOf(pid = process.pid): ChildProcessInfo[] {
  const table = parents()
  const found: ChildProcessInfo[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const parent = queue.shift()!
    for (const [child, { ppid, command }] of table) {
      if (ppid !== parent) continue
      queue.push(child)
      if (isZombie(child)) continue
      found.push({ pid: child, command: command.slice(0, 200) })
    }
  }
  return found
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return true
  }
}

/** SIGKILLs each process (children before parents do not matter: each is named). */
export function killAll(processes: readonly ChildProcessInfo[]): void {
  for (const { pid } of processes) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}

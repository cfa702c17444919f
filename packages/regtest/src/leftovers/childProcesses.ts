import { readdirSync, readFileSync } from 'node:fs'

/** A process started (directly or not) by this one. */
export interface ChildProcessInfo {
  pid: number
  command: string
}

interface ProcessEntry {
  pid: number
  ppid: number
  zombie: boolean
  command: string
}

/** Every running process, read once from /proc (empty where there is no /proc). */
function processTable(): ProcessEntry[] {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  const table: ProcessEntry[] = []
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // pid (comm) state ppid ...: comm may hold spaces and parentheses.
      const close = stat.lastIndexOf(')')
      const [state, ppid] = stat.slice(close + 2).split(' ')
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim()
      table.push({
        pid: Number(entry),
        ppid: Number(ppid),
        zombie: state === 'Z',
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
  const children = new Map<number, ProcessEntry[]>()
  for (const entry of processTable()) {
    children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry])
  }
  const found: ChildProcessInfo[] = []
  const queue = [pid]
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    for (const child of children.get(parent) ?? []) {
      queue.push(child.pid)
      if (!child.zombie) found.push({ pid: child.pid, command: withoutSecrets(child.command) })
    }
  }
  return found
}

/**
 * A command line fit for a report: the values of flags named like a secret
 * (`--rpcpass=…`, `--macaroon …`, `--seed=…`) are dropped, and it is cut at
 * 200 characters.
 */
function withoutSecrets(command: string): string {
  return command
    .replace(
      /(--?[\w.-]*(?:pass|secret|macaroon|seed|phrase|token|key)[\w.-]*)(=|\s+)\S+/gi,
      '$1$2[redacted]',
    )
    .slice(0, 200)
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

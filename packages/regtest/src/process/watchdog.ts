import { spawn } from 'node:child_process'

// Runs in a detached `node` of its own: when the process that started the
// network dies without stopping it (a crash, SIGKILL of the test runner), it
// kills every daemon listed in the pid file and removes the network's files.
// It exits by itself as soon as the pid file is gone (a normal stop).
const WATCHDOG_SOURCE = `
const fs = require('node:fs')
const [parentPid, pidFile, removeDir] = process.argv.slice(1)
const alive = (pid) => { try { process.kill(pid, 0); return true } catch { return false } }
const timer = setInterval(() => {
  if (!fs.existsSync(pidFile)) { clearInterval(timer); return }
  if (alive(Number(parentPid))) return
  let pids = []
  try { pids = JSON.parse(fs.readFileSync(pidFile, 'utf8')) } catch {}
  for (const pid of pids) { try { process.kill(pid, 'SIGKILL') } catch {} }
  setTimeout(() => {
    clearInterval(timer)
    // Retried: a dying process may still be writing in it (ENOTEMPTY).
    try { if (removeDir) fs.rmSync(removeDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }) } catch {}
  }, 500)
}, 500)
`

/** Starts the watchdog for a network whose daemon pids are kept in `pidFile`. */
export function startWatchdog(pidFile: string, removeDir: string | undefined): void {
  const child = spawn(
    process.execPath,
    ['-e', WATCHDOG_SOURCE, String(process.pid), pidFile, removeDir ?? ''],
    { detached: true, stdio: 'ignore' },
  )
  child.unref()
}

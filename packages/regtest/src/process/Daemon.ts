import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'

/** How a daemon is run, beyond its binary and arguments. */
export interface DaemonOptions {
  /** Run as this user and group (from root: PostgreSQL refuses to run as root). */
  uid?: number
  gid?: number
  cwd?: string
  /** The whole environment of the process (default: this one's). */
  env?: NodeJS.ProcessEnv
  /** The signal `stop` sends first (default SIGTERM). */
  stopSignal?: NodeJS.Signals
}

/** A long-running child process (btcd, lnd, postgres) whose output goes to a log file. */
export class Daemon {
  private child: ChildProcess | undefined
  private exited: Promise<number | null> = Promise.resolve(null)

  constructor(
    readonly name: string,
    private readonly binary: string,
    private readonly args: readonly string[],
    private readonly logFile: string,
    private readonly onPidsChanged: () => void,
    private readonly options: DaemonOptions = {},
  ) {}

  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null
      ? this.child.pid
      : undefined
  }

  get running(): boolean {
    return this.pid !== undefined
  }

  start(extraArgs: readonly string[] = []): void {
    if (this.running) throw new Error(`${this.name} is already running`)
    const log = createWriteStream(this.logFile, { flags: 'a' })
    const { stopSignal: _, ...spawnOptions } = this.options
    const child = spawn(this.binary, [...this.args, ...extraArgs], {
      ...spawnOptions,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // Both into one log, ended once both are closed (else the first to end ends the log, and
    // what the other still writes is lost).
    child.stdout?.pipe(log, { end: false })
    child.stderr?.pipe(log, { end: false })
    child.on('close', () => log.end())
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.onPidsChanged()
        resolve(code)
      })
      child.on('error', () => resolve(null))
    })
    this.child = child
    this.onPidsChanged()
  }

  /** SIGTERM (or the daemon's `stopSignal`), then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child
    if (!child || !this.running) return
    child.kill(this.options.stopSignal ?? 'SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await this.exited
    clearTimeout(timer)
  }

  async kill(): Promise<void> {
    const child = this.child
    if (!child || !this.running) return
    child.kill('SIGKILL')
    await this.exited
  }

  /** Resolves with the exit code when the process ends. */
  waitExit(): Promise<number | null> {
    return this.exited
  }
}

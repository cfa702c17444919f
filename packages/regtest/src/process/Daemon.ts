import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'

/** A long-running child process (btcd or lnd) whose output goes to a log file. */
export class Daemon {
  private child: ChildProcess | undefined
  private exited: Promise<number | null> = Promise.resolve(null)

  constructor(
    readonly name: string,
    private readonly binary: string,
    private readonly args: readonly string[],
    private readonly logFile: string,
    private readonly onPidsChanged: () => void,
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
    const child = spawn(this.binary, [...this.args, ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.pipe(log)
    child.stderr?.pipe(log)
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

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child
    if (!child || !this.running) return
    child.kill('SIGTERM')
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

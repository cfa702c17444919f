/** Stops a watcher. Calling it again does nothing. */
export type Unwatch = () => void

/** Callbacks and cancellation every watcher takes. */
export interface WatcherOptions {
  /** A stream dropped or a poll failed; the watcher reconnects by itself. */
  onError?: ((error: unknown) => void) | undefined
  /** Called before each reconnect attempt (1, 2, ...). */
  onReconnect?: ((attempt: number) => void) | undefined
  /** Called once if the watcher stops on an error it cannot recover from. */
  onFatal?: ((error: unknown) => void) | undefined
  /** Aborting it stops the watcher, like calling `Unwatch`. */
  signal?: AbortSignal | undefined
}

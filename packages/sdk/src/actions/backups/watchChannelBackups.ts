import type { ChannelBackupSnapshot, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'
import { startWatcher } from '../../watchers/startWatcher.js'
import type { Unwatch, WatcherOptions } from '../../watchers/types.js'

export interface WatchChannelBackupsParameters extends WatcherOptions {
  /** Each new snapshot, when a channel opens or closes: store `multi.backup` in place of the last. */
  onBackup: (snapshot: ChannelBackupSnapshot) => void
}
export type WatchChannelBackupsReturnType = Unwatch
export type WatchChannelBackupsErrorType = RpcErrorType<typeof rpcs.subscribeChannelBackups>

/**
 * Watches the node's static channel backups: a new snapshot each time a
 * channel opens or closes, and the current one again after each reconnect
 * (lnd may have changed it while the watcher was away).
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * const unwatch = watchChannelBackups(client, { onBackup: ({ multi }) => saveOffsite(multi.backup) })
 */
export function watchChannelBackups(
  client: Client,
  parameters: WatchChannelBackupsParameters,
): WatchChannelBackupsReturnType {
  // lnd encrypts each snapshot anew: no two are alike, each is reported.
  let count = 0
  return startWatcher(client, parameters, {
    subscribe: (signal) => current(client, signal),
    key: () => String(count++),
    onValue: parameters.onBackup,
  })
}

/** The snapshot as it is now, then lnd's stream of changes. */
async function* current(
  client: Client,
  signal: AbortSignal,
): AsyncGenerator<ChannelBackupSnapshot, void, undefined> {
  yield await client.backend.call(rpcs.exportAllChannelBackups, undefined, { signal })
  yield* client.backend.stream(rpcs.subscribeChannelBackups, undefined, { signal })
}

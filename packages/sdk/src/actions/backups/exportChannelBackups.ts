import type { ChannelBackupSnapshot, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type ExportChannelBackupsReturnType = ChannelBackupSnapshot
export type ExportChannelBackupsErrorType = RpcErrorType<typeof rpcs.exportAllChannelBackups>

/**
 * The static channel backups (SCB) of every open channel: `multi.backup` is
 * the one blob to store away from the node (it is encrypted with the node's
 * seed). With the seed and it, `restoreChannelBackups` on a new node gets the
 * channels' funds back.
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * const { multi } = await exportChannelBackups(client)
 * await saveOffsite(multi.backup)
 */
export async function exportChannelBackups(
  client: Client,
  options: { signal?: AbortSignal } = {},
): Promise<ExportChannelBackupsReturnType> {
  return client.backend.call(rpcs.exportAllChannelBackups, undefined, options)
}

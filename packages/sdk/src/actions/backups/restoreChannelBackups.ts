import { assertObject, type ChannelBackupInput, type RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type RestoreChannelBackupsParameters = ChannelBackupInput
/** How many channels the node restored. */
export type RestoreChannelBackupsReturnType = number
export type RestoreChannelBackupsErrorType = RpcErrorType<typeof rpcs.restoreChannelBackups>

/**
 * Restores channels from a backup, on a node with the seed that made it: the
 * node connects to each channel's peer and asks it to force-close, then
 * sweeps its side of each channel on chain. Channels the node still has are
 * left as they are. Use it only on a node that lost its channel state: the
 * channels end.
 *
 * @remarks Permission: `offchain:write`.
 * @example
 * const restored = await restoreChannelBackups(client, { multi: stored })
 */
export async function restoreChannelBackups(
  client: Client,
  parameters: RestoreChannelBackupsParameters,
  options: { signal?: AbortSignal } = {},
): Promise<RestoreChannelBackupsReturnType> {
  assertObject(parameters, 'parameters')
  return client.backend.call(rpcs.restoreChannelBackups, parameters, options)
}

import {
  assertObject,
  type ChannelBackupInput,
  type ChannelPoint,
  type RpcErrorType,
} from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type VerifyChannelBackupParameters = ChannelBackupInput
export type VerifyChannelBackupReturnType = ChannelPoint[]
export type VerifyChannelBackupErrorType = RpcErrorType<typeof rpcs.verifyChanBackup>

/**
 * Checks that this node can decrypt and read a backup (it was made with the
 * same seed and is whole); resolves with the channels it holds (none over
 * LNC, whose protos predate them: see docs/lnc.md). A backup that fails is
 * refused by lnd (`NODE_ERROR`, lnd's reason in the message).
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * const channels = await verifyChannelBackup(client, { multi: stored })
 */
export async function verifyChannelBackup(
  client: Client,
  parameters: VerifyChannelBackupParameters,
  options: { signal?: AbortSignal } = {},
): Promise<VerifyChannelBackupReturnType> {
  assertObject(parameters, 'parameters')
  return client.backend.call(rpcs.verifyChanBackup, parameters, options)
}

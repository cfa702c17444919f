export { type EnsureBinariesOptions, ensureBinaries } from './binaries/ensureBinaries.js'
export { type Binaries, BTCD_VERSION, LND_BUILD_TAGS, LND_VERSION } from './binaries/versions.js'
export { type StartNetworkOptions, startNetwork } from './network/startNetwork.js'
export type { ChannelSpec, Network, NodeHandle, OpenedChannel } from './network/types.js'

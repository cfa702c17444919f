export {
  type ApertureServer,
  type StartApertureOptions,
  startAperture,
} from './aperture/startAperture.js'
export { type EnsureBinariesOptions, ensureBinaries } from './binaries/ensureBinaries.js'
export {
  type EnsureLncBinariesOptions,
  ensureLncBinaries,
  type LncBinaries,
} from './binaries/ensureLncBinaries.js'
export { type Binaries, BTCD_VERSION, LND_BUILD_TAGS, LND_VERSION } from './binaries/versions.js'
export { connectNetwork, type NetworkAddress } from './control/connectNetwork.js'
export { type NetworkServer, serveNetwork } from './control/serveNetwork.js'
export {
  type ClearLeftoversOptions,
  clearLeftovers,
  type Leftover,
  markNetwork,
  type NetworkMark,
} from './leftovers/networkLeftovers.js'
export type { LncNetwork, LncSession, LncSessionType } from './lnc/types.js'
export { type StartNetworkOptions, startNetwork } from './network/startNetwork.js'
export {
  type SeededNode,
  type StartSeededNodeOptions,
  startSeededNode,
} from './network/startSeededNode.js'
export type {
  BtcdHandle,
  ChannelSpec,
  Network,
  NodeHandle,
  OpenedChannel,
} from './network/types.js'
export {
  type AttachPolarOptions,
  attachPolar,
  type PolarLightningNode,
  type PolarNetwork,
  type PolarNetworksFile,
} from './polar/attachPolar.js'
export { findPostgres, type PostgresBinaries } from './postgres/findPostgres.js'
export {
  PostgresHarnessError,
  type PostgresHarnessErrorCode,
} from './postgres/PostgresHarnessError.js'
export {
  type PostgresServer,
  type StartPostgresOptions,
  startPostgres,
} from './postgres/startPostgres.js'

import type { LncNetwork } from '../lnc/types.js'

/** Connection details of one lnd node: everything a client needs to reach it. */
export interface NodeHandle {
  name: string
  pubkey: string
  /** `https://127.0.0.1:<port>` */
  restUrl: string
  /** `127.0.0.1:<port>` of the gRPC server. */
  grpcHost: string
  /** `127.0.0.1:<port>` for peer connections. */
  p2pHost: string
  /** The node's self-signed TLS certificate (PEM). */
  tlsCert: string
  tlsCertPath: string
  /** Macaroons as hex. */
  macaroons: { admin: string; invoice: string; readonly: string }
  macaroonPaths: { admin: string; invoice: string; readonly: string }
}

/** How to reach a network's btcd: what another lnd needs to run on the same chain. */
export interface BtcdHandle {
  /** `127.0.0.1:<port>` of btcd's RPC server. */
  rpcHost: string
  rpcUser: string
  rpcPass: string
  /** btcd's RPC certificate file. */
  rpcCertPath: string
  /** `127.0.0.1:<port>` for peer connections. */
  p2pHost: string
}

export interface ChannelSpec {
  from: string
  to: string
  capacitySat: bigint
  /** Given to `to` at opening, so that both sides have liquidity. */
  pushSat?: bigint
}

export interface OpenedChannel {
  from: string
  to: string
  /** `txid:index` */
  channelPoint: string
}

/** A regtest Lightning network: node handles and the controls of its chain and nodes. */
export interface Network {
  /** `spawned` by this harness, attached to `polar`, or a `remote` one through its control server. */
  readonly kind: 'spawned' | 'polar' | 'remote'
  readonly nodes: Readonly<Record<string, NodeHandle>>
  /** The Lightning Node Connect path, when the network was started with `lnc: true`. */
  readonly lnc?: LncNetwork | undefined
  /** The network's btcd, when the harness started it (for `startSeededNode`). */
  readonly btcd?: BtcdHandle | undefined
  /** The channels opened by the topology and by `openChannel`. */
  channels(): OpenedChannel[]
  /** The handle of a node, or an error naming the nodes there are. */
  node(name: string): NodeHandle
  /** Current chain height. */
  height(): Promise<number>
  /** Mines blocks and waits until every running node has seen them. Returns the block hashes. */
  mine(blocks: number): Promise<string[]>
  /** Sends on-chain funds from the miner's wallet to a node and confirms them. */
  fund(name: string, amountSat: bigint): Promise<void>
  /** Opens a channel, confirms it and waits until it is usable. */
  openChannel(spec: ChannelSpec): Promise<OpenedChannel>
  /** Closes a channel (cooperatively unless `force`) and confirms the close. */
  closeChannel(params: { node: string; channelPoint: string; force?: boolean }): Promise<void>
  /** SIGTERM and wait for lnd to exit. */
  stopNode(name: string): Promise<void>
  /** SIGKILL: a crash. */
  killNode(name: string): Promise<void>
  /** Starts a stopped or killed node; waits until it is synced and its channels are active. */
  startNode(name: string): Promise<void>
  restartNode(name: string): Promise<void>
  /** Stops every process of the network and removes its files. */
  stop(): Promise<void>
}

/** What pairing leaves behind: enough to reconnect without the phrase. */
export interface LncCredentials {
  /** The mailbox these credentials were made with. */
  mailbox: string
  /** Kept as lnc-web keeps it; after pairing the keys alone open the session. */
  pairingPhrase: string
  /** The client's static private key (hex). A secret. */
  localKey: string
  /** The node's static public key (hex), learnt at pairing. */
  remoteKey: string
}

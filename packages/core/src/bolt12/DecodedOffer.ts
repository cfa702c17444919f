import type { InvoiceFeature } from '../bolt11/DecodedInvoice.js'
import type { Hex, Network } from '../types/node.js'

/** A chain an offer may be paid on (`offer_chains`). */
export interface OfferChain {
  /** The chain's genesis block hash, in the byte order of BOLT 12 (as on the wire). */
  chainHash: Hex
  /** The network of that chain, when it is one the SDK knows. */
  network: Network | undefined
}

/** One hop of a blinded path, after its introduction node. */
export interface BlindedHop {
  blindedNodeId: Hex
  /** Data only that hop can read. */
  encryptedData: Hex
}

/** Where a blinded path starts: a node key, or a channel and the direction out of it. */
export type IntroductionNode =
  | { nodeId: Hex }
  | {
      /** As `blockxtxxoutput`. */
      shortChannelId: string
      /** 0: the node with the lesser key of the channel; 1: the other. */
      direction: 0 | 1
    }

/** A blinded path to the issuer (`offer_paths`, BOLT 4's `blinded_path`). */
export interface BlindedPath {
  introductionNode: IntroductionNode
  /** The `first_path_key` the introduction node unblinds the path with. */
  pathKey: Hex
  /** At least one. */
  hops: BlindedHop[]
}

/** A TLV field of the offer that the SDK does not know (an odd type, so allowed). */
export interface OfferUnknownField {
  type: number
  value: Hex
}

/** A BOLT 12 offer (`lno1…`), decoded and checked against the reader's rules of BOLT 12. */
export interface DecodedOffer {
  /** The offer as given, in lowercase, without `lightning:`, `+` and whitespace. */
  offer: string
  /** The chains it may be paid on; bitcoin's alone when the offer names none. */
  chains: OfferChain[]
  /** Data for the issuer's own use. */
  metadata: Hex | undefined
  /** The ISO 4217 code `amount` is in; `undefined` when the amount is in msat. */
  currency: string | undefined
  /** The amount per item: in `currency`'s smallest unit (cents for USD), or in msat; `undefined`: any amount. */
  amount: bigint | undefined
  /** The amount per item in msat, when the offer has an amount and no currency. */
  amountMsat: bigint | undefined
  description: string | undefined
  /** Its feature bits (BOLT 12 defines none yet: only odd, optional, bits pass). */
  features: InvoiceFeature[]
  /** When invoice requests should stop; `undefined`: never. */
  absoluteExpiry: Date | undefined
  /** Blinded paths to reach the issuer; none when it is reached by `issuerId`. */
  paths: BlindedPath[]
  /** Who issues it, as they name themselves (e.g. a domain): unverified text. */
  issuer: string | undefined
  /** The most items per invoice: `0n` for any number, `undefined` for one item. */
  quantityMax: bigint | undefined
  /** The issuer's node key, to send invoice requests to (when there are no paths). */
  issuerId: Hex | undefined
  /** Odd TLV fields it carries that the SDK does not know. */
  unknownFields: OfferUnknownField[]
}

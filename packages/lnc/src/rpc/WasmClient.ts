/**
 * The functions the LNC wasm client sets on `globalThis[namespace]` (the ones
 * lnc-web calls), as this package uses them.
 */
export interface WasmClient {
  wasmClientIsConnected(): boolean
  wasmClientStatus(): string | null | undefined
  wasmClientGetExpiry(): number | null | undefined
  wasmClientHasPerms(method: string): boolean
  wasmClientIsReadOnly(): boolean
  /** The callback gets lnd's reply as JSON (proto field names), or the error's text. */
  wasmClientInvokeRPC(method: string, request: string, callback: (reply: string) => void): unknown
}

import type { WasmClient } from './WasmClient.js'

/** One reply of the wasm client: lnd's JSON, or the text of an error. */
export type RpcReply = { ok: true; json: unknown } | { ok: false; error: string }

function parse(reply: string): RpcReply {
  try {
    return { ok: true, json: JSON.parse(reply) }
  } catch {
    // lnc-web tells replies from errors the same way: an error is not JSON.
    return { ok: false, error: reply }
  }
}

/**
 * Calls `method` (`lnrpc.Lightning.GetInfo`) with a JSON request; `onReply`
 * gets each reply (one for a unary call, one per message of a stream, then
 * the stream's end as the error `EOF`). A call the client refuses before
 * sending (not connected, unknown method) is reported the same way.
 */
export function invokeRpc(
  wasm: WasmClient,
  method: string,
  request: unknown,
  onReply: (reply: RpcReply) => void,
): void {
  const refused = wasm.wasmClientInvokeRPC(method, JSON.stringify(request ?? {}), (reply) =>
    onReply(parse(reply)),
  )
  if (typeof refused === 'string' && refused !== '') onReply({ ok: false, error: refused })
}

export * from './index.js'
export { installWebSocket, type NodeWebSocketOptions } from './node/installWebSocket.js'

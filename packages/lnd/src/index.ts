export {
  type LndBackend,
  type LndCommonOptions,
  type LndConnectOptions,
  type LndOptions,
  lnd,
} from './backend/lnd.js'
export { type LndConnectParams, parseLndConnect } from './connect/parseLndConnect.js'

export * from './index.js'
export { type LndFromFilesOptions, lndFromFiles } from './node/lndFromFiles.js'

/** The public packages, in build order (each depends only on those before it). */
export const publicPackages = [
  'core',
  'wire',
  'lnd',
  'sdk',
  'stream',
  'fiat',
  'loans',
  'webhooks',
] as const

// @btcfi/webhooks: a node's invoice and payment events, delivered at least
// once to your URLs from a stored outbox, signed as Standard Webhooks.

export {
  WebhookError,
  type WebhookErrorCode,
  webhookErrorCodes,
} from './errors/WebhookError.js'
export {
  invoiceEvents,
  paymentEvent,
  type WebhookEvent,
  type WebhookEventType,
  webhookBody,
} from './events/WebhookEvent.js'
export {
  type VerifiedWebhook,
  type VerifyWebhookParameters,
  verifyWebhook,
} from './receiver/verifyWebhook.js'
export { createWebhookSecret } from './sender/createWebhookSecret.js'
export {
  type CreateWebhookSenderParameters,
  createWebhookSender,
  type WebhookAttempt,
  type WebhookEndpoint,
  type WebhookSender,
} from './sender/createWebhookSender.js'
export { retryDelay, type WebhookRetry } from './sender/retryDelay.js'
export { memoryWebhookStore } from './store/memoryWebhookStore.js'
export { type SqliteLike, sqliteWebhookStore } from './store/sqliteWebhookStore.js'
export type {
  WebhookCursor,
  WebhookDelivery,
  WebhookStore,
} from './store/WebhookStore.js'

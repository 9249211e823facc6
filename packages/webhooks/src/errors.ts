/** Stable codes carried by every error this package throws. */
export type WebhookErrorCode =
  | 'ERR_WEBHOOK_CONFIG'
  | 'ERR_WEBHOOK_QUEUE_CLOSED'
  | 'ERR_WEBHOOK_QUEUE_FULL';

/** Base class of every error thrown by `@preflight/webhooks`; branch on `code`. */
export class WebhookError extends Error {
  readonly code: WebhookErrorCode;

  constructor(code: WebhookErrorCode, message: string, options?: { cause?: unknown }) {
    super(`@preflight/webhooks: ${message}`, options);
    this.name = 'WebhookError';
    this.code = code;
  }
}

/** An option passed to a factory is invalid; the message names it and the accepted values. */
export class WebhookConfigError extends WebhookError {
  readonly option: string;

  constructor(option: string, expected: string) {
    super('ERR_WEBHOOK_CONFIG', `option \`${option}\` must be ${expected}`);
    this.name = 'WebhookConfigError';
    this.option = option;
  }
}

/**
 * A queue refused an event (closed, or its bound is reached). The receiver answers 503 with
 * `Retry-After`, so the partner redelivers instead of the event being lost.
 */
export class WebhookQueueError extends WebhookError {
  constructor(code: 'ERR_WEBHOOK_QUEUE_CLOSED' | 'ERR_WEBHOOK_QUEUE_FULL', message: string) {
    super(code, message);
    this.name = 'WebhookQueueError';
  }
}

/** True for any error thrown by this package. */
export function isWebhookError(error: unknown): error is WebhookError {
  return error instanceof WebhookError;
}

/** True for an invalid option. */
export function isWebhookConfigError(error: unknown): error is WebhookConfigError {
  return error instanceof WebhookConfigError;
}

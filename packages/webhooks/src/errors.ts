/** Stable codes carried by every error this package throws. */
export type WebhookErrorCode =
  | 'ERR_WEBHOOK_CONFIG'
  | 'ERR_WEBHOOK_QUEUE_CLOSED'
  | 'ERR_WEBHOOK_QUEUE_FULL';

const CODE_PREFIX = 'ERR_WEBHOOK_';

/** Base class of every error thrown by `@preflight/webhooks`; branch on `code`. */
export class WebhookError extends Error {
  readonly code: WebhookErrorCode;

  constructor(code: WebhookErrorCode, message: string, options?: { cause?: unknown }) {
    super(`@preflight/webhooks: ${message}`, options);
    this.name = 'WebhookError';
    this.code = code;
  }
}

/**
 * An option passed to a factory is invalid; the message names it and the accepted values:
 * ``option `path` must be <expected>; got <value>``. Strings are never repeated (an option may
 * be a secret or a URL with credentials), only their kind.
 */
export class WebhookConfigError extends WebhookError {
  /** The option path, e.g. `scheme.algorithm` or `secrets[1]`. */
  readonly option: string;

  constructor(option: string, expected: string, ...got: [value?: unknown]) {
    const shown = got.length === 0 ? '' : `; got ${describeValue(got[0])}`;
    super('ERR_WEBHOOK_CONFIG', `option \`${option}\` must be ${expected}${shown}`);
    this.name = 'WebhookConfigError';
    this.option = option;
  }
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
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

const codeOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null ? (value as { code?: unknown }).code : undefined;

/**
 * True for any error thrown by this package: by class, or by its `ERR_WEBHOOK_` code so errors
 * from another copy of the package (a duplicated install) match too.
 */
export function isWebhookError(error: unknown): error is WebhookError {
  if (error instanceof WebhookError) return true;
  const code = codeOf(error);
  return typeof code === 'string' && code.startsWith(CODE_PREFIX);
}

/** True for an invalid option (by class or by the `ERR_WEBHOOK_CONFIG` code). */
export function isWebhookConfigError(error: unknown): error is WebhookConfigError {
  return error instanceof WebhookConfigError || codeOf(error) === 'ERR_WEBHOOK_CONFIG';
}

export type { CreateLoggerOptions } from './create-logger.js';
export { createLogger } from './create-logger.js';
export type { LoggerErrorCode } from './errors.js';
export { isLoggerError, LoggerError, LoggerOptionError } from './errors.js';
export type { KeyRuleName } from './key-rules.js';
export { KEY_RULE_NAMES } from './key-rules.js';
export type { LevelEnvironment } from './level.js';
export type { LoggerDestination } from './logger-destination.js';
export {
  REDACTION_RULE_ATTRIBUTE,
  REDACTIONS_METRIC,
  REDACTIONS_METRIC_PROMETHEUS,
} from './metric-names.js';
export type { RedactOptions, RedactPattern, RedactRuleName } from './redact-options.js';
export type { LoggerRedactOption, PinoRedactOptions } from './redact-paths.js';
export type { Redactor } from './redactor.js';
export { createRedactor, redact } from './redactor.js';
export type { RequestContext } from './request-context.js';
export { getLogger, getRequestId } from './request-context.js';
export type { RequestLoggerOptions } from './request-logger.js';
export { requestLogger } from './request-logger.js';
export type { StringRuleName } from './string-rules.js';
export { STRING_RULE_NAMES } from './string-rules.js';
export type { HeadersLike, UpstreamCall, UpstreamCallLogger } from './upstream-call.js';
export {
  logUpstreamCall,
  UPSTREAM_REQUEST_ID_HEADERS,
  upstreamRequestId,
} from './upstream-call.js';

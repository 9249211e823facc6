export type { LoggerErrorCode } from './errors.js';
export { isLoggerError, LoggerError, LoggerOptionError } from './errors.js';
export type { RequestContext } from './http/request-context.js';
export { getLogger, getRequestId } from './http/request-context.js';
export { requestLogger } from './http/request-logger.js';
export type { RequestLoggerOptions } from './http/request-logger-config.js';
export type { ScopedLogger } from './http/scoped-logger.js';
export { scopedLogger } from './http/scoped-logger.js';
export type { HeadersLike, UpstreamCall, UpstreamCallLogger } from './http/upstream-call.js';
export {
  logUpstreamCall,
  UPSTREAM_REQUEST_ID_HEADERS,
  upstreamRequestId,
} from './http/upstream-call.js';
export {
  LOGGER_METRICS,
  LOGGER_PROMETHEUS_METRICS,
  REDACTION_RULE_ATTRIBUTE,
  REDACTIONS_METRIC,
  REDACTIONS_METRIC_PROMETHEUS,
} from './metric-names.js';
export { createLogger } from './pino/create-logger.js';
export type { CreateLoggerOptions } from './pino/create-logger-config.js';
export type { LevelEnvironment } from './pino/level.js';
export type { LoggerDestination } from './pino/logger-destination.js';
export type { RedactOptions, RedactPattern, RedactRuleName } from './redaction/redact-options.js';
export type { LoggerRedactOption, PinoRedactOptions } from './redaction/redact-paths.js';
export type { Redactor } from './redaction/redactor.js';
export { createRedactor, redact } from './redaction/redactor.js';
export type { KeyRuleName } from './rules/key-rules.js';
export { KEY_RULE_NAMES } from './rules/key-rules.js';
export type { StringRuleName } from './rules/string-rules.js';
export { STRING_RULE_NAMES } from './rules/string-rules.js';

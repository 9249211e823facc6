import { getHashes } from 'node:crypto';
import { WebhookConfigError } from '../errors.js';
import { oneOfOption, optionsObject, stringOption } from '../validate.js';
import { decodeCanonical } from './canonical-encoding.js';
import { headerValue } from './header-value.js';
import { hmacMatches } from './signature-compare.js';
import { parseSeconds, withinTolerance } from './timestamp-window.js';
import { REJECT, type VerifyResult, type WebhookHeaders } from './verify-result.js';

/** The parts a custom scheme can sign. */
export interface SignedParts {
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  readonly body: Buffer;
}

/** A custom HMAC scheme: where the signature is, how it is encoded and what it covers. */
export interface HmacSchemeDefinition {
  /** Name for logs. @default 'hmac' */
  readonly name?: string;
  /** Header carrying the signature (any case; matched lower-case). */
  readonly signatureHeader: string;
  /** Text before the signature, e.g. `'sha256='` (GitHub). @default '' */
  readonly signaturePrefix?: string;
  /** HMAC hash. @default 'sha256' */
  readonly algorithm?: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  /** Encoding of the signature in the header. @default 'hex' */
  readonly encoding?: 'hex' | 'base64' | 'base64url';
  /** How the configured secrets turn into key bytes. @default 'utf8' */
  readonly secretEncoding?: 'utf8' | 'base64' | 'hex';
  /** Header with the Unix-seconds timestamp; when set it is required and checked against the window. */
  readonly timestampHeader?: string;
  /** Header with the event id, returned as `id`. */
  readonly idHeader?: string;
  /**
   * What is signed: `'body'`, `'timestamp.body'`, `'id.timestamp.body'`, or a function of the
   * parts (must not throw).
   * @default 'body'
   */
  readonly signedContent?:
    | 'body'
    | 'timestamp.body'
    | 'id.timestamp.body'
    | ((parts: SignedParts) => Buffer | string);
}

interface HmacScheme {
  readonly name: string;
  readonly signatureHeader: string;
  readonly signaturePrefix: string;
  readonly algorithm: string;
  readonly encoding: 'hex' | 'base64' | 'base64url';
  readonly secretEncoding: 'utf8' | 'base64' | 'hex';
  readonly timestampHeader: string | undefined;
  readonly idHeader: string | undefined;
  readonly content: (parts: SignedParts) => Buffer | string;
}

/** Every key of a definition with its default (`undefined`: required or none); the known keys. */
const DEFAULTS = {
  name: 'hmac',
  signatureHeader: undefined,
  signaturePrefix: '',
  algorithm: 'sha256',
  encoding: 'hex',
  secretEncoding: 'utf8',
  timestampHeader: undefined,
  idHeader: undefined,
  signedContent: 'body',
} as const satisfies { readonly [K in keyof Required<HmacSchemeDefinition>]: unknown };

function contentOf(value: unknown, def: Record<string, unknown>): HmacScheme['content'] {
  if (typeof value === 'function') return value as HmacScheme['content'];
  const kind = oneOfOption('scheme.signedContent', value ?? DEFAULTS.signedContent, [
    'body',
    'timestamp.body',
    'id.timestamp.body',
  ]);
  if (kind !== 'body' && def.timestampHeader === undefined)
    throw new WebhookConfigError('scheme.timestampHeader', `set when signedContent is '${kind}'`);
  if (kind === 'id.timestamp.body' && def.idHeader === undefined)
    throw new WebhookConfigError(
      'scheme.idHeader',
      "set when signedContent is 'id.timestamp.body'",
    );
  if (kind === 'body') return (p) => p.body;
  if (kind === 'timestamp.body')
    return (p) => Buffer.concat([Buffer.from(`${p.timestamp}.`), p.body]);
  return (p) => Buffer.concat([Buffer.from(`${p.id}.${p.timestamp}.`), p.body]);
}

const lower = (name: string, v: unknown): string | undefined =>
  v === undefined ? undefined : stringOption(name, v).toLowerCase();

/** Validates a custom definition once, at creation. */
export function resolveHmacScheme(definition: unknown): HmacScheme {
  const def = optionsObject('scheme', definition, DEFAULTS);
  const algorithm = oneOfOption('scheme.algorithm', def.algorithm ?? DEFAULTS.algorithm, [
    'sha1',
    'sha256',
    'sha384',
    'sha512',
  ]);
  if (!getHashes().includes(algorithm))
    throw new WebhookConfigError('scheme.algorithm', 'a hash this Node supports');
  return {
    name: stringOption('scheme.name', def.name ?? DEFAULTS.name),
    signatureHeader: stringOption('scheme.signatureHeader', def.signatureHeader).toLowerCase(),
    // May be '' (no prefix), so not a stringOption.
    signaturePrefix:
      typeof def.signaturePrefix === 'string'
        ? def.signaturePrefix
        : def.signaturePrefix === undefined
          ? DEFAULTS.signaturePrefix
          : stringOption('scheme.signaturePrefix', def.signaturePrefix),
    algorithm,
    encoding: oneOfOption('scheme.encoding', def.encoding ?? DEFAULTS.encoding, [
      'hex',
      'base64',
      'base64url',
    ]),
    secretEncoding: oneOfOption(
      'scheme.secretEncoding',
      def.secretEncoding ?? DEFAULTS.secretEncoding,
      ['utf8', 'base64', 'hex'],
    ),
    timestampHeader: lower('scheme.timestampHeader', def.timestampHeader),
    idHeader: lower('scheme.idHeader', def.idHeader),
    content: contentOf(def.signedContent, def),
  };
}

/** Key bytes of each secret for a custom scheme. */
export function hmacKeys(scheme: HmacScheme, secrets: readonly string[]): Buffer[] {
  return secrets.map((s, i) => {
    const key = Buffer.from(s, scheme.secretEncoding);
    if (key.length === 0)
      throw new WebhookConfigError(`secrets[${i}]`, `a ${scheme.secretEncoding} secret`, s);
    return key;
  });
}

/** Verifies one delivery of a custom HMAC scheme; never throws. */
export function verifyHmac(
  scheme: HmacScheme,
  keys: readonly Buffer[],
  headers: WebhookHeaders,
  body: Buffer,
  nowMs: number,
  toleranceSeconds: number,
): VerifyResult {
  const sig = headerValue(headers, scheme.signatureHeader);
  const ts =
    scheme.timestampHeader === undefined ? undefined : headerValue(headers, scheme.timestampHeader);
  const id = scheme.idHeader === undefined ? undefined : headerValue(headers, scheme.idHeader);
  if (sig === undefined || (scheme.timestampHeader !== undefined && ts === undefined))
    return REJECT.missing;
  if (sig === null || ts === null || id === null) return REJECT.malformed;
  if (!sig.startsWith(scheme.signaturePrefix)) return REJECT.malformed;
  const encoded = sig.slice(scheme.signaturePrefix.length);
  const given = decodeCanonical(encoded, scheme.encoding);
  if (given === null) return REJECT.malformed;
  const seconds = ts === undefined ? undefined : parseSeconds(ts);
  if (seconds === null) return REJECT.malformed;
  if (seconds !== undefined && !withinTolerance(seconds, nowMs, toleranceSeconds))
    return REJECT.stale;
  let content: Buffer | string;
  try {
    content = scheme.content({ id, timestamp: ts, body });
  } catch {
    return REJECT.bad; // a user function that throws on odd input must not crash the request
  }
  if (!hmacMatches(scheme.algorithm, keys, content, [given])) return REJECT.bad;
  const timestamp = seconds === undefined ? nowMs : seconds * 1000;
  return id === undefined ? { ok: true, timestamp } : { ok: true, id, timestamp };
}

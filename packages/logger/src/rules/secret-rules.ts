import { F_UPPER } from './string-features.js';
import {
  looksGenerated,
  replaceChecked,
  type SensitiveKeyValue,
  type StringRule,
} from './string-rule.js';

/**
 * PEM private keys (`-----BEGIN RSA PRIVATE KEY-----` … `-----END …-----`), in one string or
 * with `\n` escapes; the armour lines stay so the log still says what was there.
 */
export function privateKeyRule(): StringRule {
  const re =
    /(-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)[\s\S]{0,16384}?(?:(-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)|(?=["'`]|$))/g;
  return {
    name: 'private-key',
    applies: (f, s) => (f & F_UPPER) !== 0 && s.includes('PRIVATE KEY'),
    apply: (s, censor, tally) =>
      s.replace(re, (_m, begin: string, end: string | undefined) => {
        tally.hits++;
        return `${begin}${censor}${end ?? ''}`;
      }),
  };
}

/**
 * Credentials passed as command-line flags: `--password=x`, `--token x`, `-ClientSecret 'x'`
 * (any flag whose name the key rules call sensitive), and `curl -u user:pass` / `--user`, whose
 * user name stays.
 */
export function cliCredentialRule(sensitive: SensitiveKeyValue): StringRule {
  const re =
    /(?<![^\s'"(=|;&])(--?)([A-Za-z][A-Za-z0-9-]{0,40})(=|[ \t]+)("[^"\n]{1,2048}"|'[^'\n]{1,2048}'|[^\s"'-][^\s"']{0,2047})/g;
  return {
    name: 'cli-credential',
    applies: (_f, s) => s.includes(' -') || s.startsWith('-'),
    apply: (s, censor, tally) =>
      s.replace(re, (m, dashes: string, flag: string, sep: string, raw: string) => {
        const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
        const value = quote ? raw.slice(1, -1) : raw;
        if (value.startsWith(censor)) return m;
        if (flag === 'u' || flag === 'user') {
          const colon = value.indexOf(':');
          if (colon < 0 || colon === value.length - 1) return m;
          tally.hits++;
          return `${dashes}${flag}${sep}${quote}${value.slice(0, colon + 1)}${censor}${quote}`;
        }
        if (flag.length < 3 || !sensitive(flag, value)) return m;
        tally.hits++;
        return `${dashes}${flag}${sep}${quote}${censor}${quote}`;
      }),
  };
}

/** Known services whose URL path is the secret (incoming webhooks, bot tokens). */
const SECRET_PATHS =
  /\b(hooks\.slack\.com\/(?:services|workflows|triggers)\/|discord(?:app)?\.com\/api\/webhooks\/|api\.telegram\.org\/(?:file\/)?bot|webhook\.office\.com\/webhookb2\/|hooks\.zapier\.com\/hooks\/catch\/)([^\s"'<>?#]{8,1024})/g;
/** Query parameters whose value is a credential when it looks generated (`?t=…`, `&code=…`). */
const SECRET_QUERY = /([?&](?:t|code|key|k|auth|sig|sv_sig|se_sig)=)([^&#\s"'<>]{8,2048})/g;

/**
 * Secrets carried by URLs: the path of webhook and bot URLs (`hooks.slack.com/services/…`), and
 * short query parameters used for tokens (`t=`, `code=`, `key=`), when the value looks generated.
 */
export function urlTokenRule(): StringRule {
  return {
    name: 'url-token',
    applies: (_f, s) => s.includes('/') || s.includes('?') || s.includes('&'),
    apply(s, censor, tally) {
      let out = s;
      if (s.includes('hook') || s.includes('telegram')) {
        out = out.replace(SECRET_PATHS, (m, host: string, secret: string) => {
          if (secret.startsWith(censor)) return m;
          tally.hits++;
          // A bot token is one path segment; the method after it (`/sendMessage`) stays.
          const slash = host.endsWith('bot') ? secret.indexOf('/') : -1;
          return `${host}${censor}${slash < 0 ? '' : secret.slice(slash)}`;
        });
      }
      if (!out.includes('=')) return out;
      return out.replace(SECRET_QUERY, (m, param: string, value: string) => {
        if (value.startsWith(censor) || !looksGenerated(value, param.length > 4 ? 8 : 12)) {
          return m;
        }
        // `?key=uploads/2024/a1b2.png` names an object (S3 POST policies), not a credential.
        if (/^[?&]k(?:ey)?=$/.test(param) && /[/.]/.test(value)) return m;
        tally.hits++;
        return `${param}${censor}`;
      });
    },
  };
}

/** `scheme://user:pass@host`; a user name alone stays unless it is itself a credential. */
export function urlCredentialsRule(): StringRule {
  const url = /\b([A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/)([^\s/?#@'"<>]{1,512})@/g;
  return {
    name: 'url-credentials',
    applies: (_f, s) => s.includes('://') && s.includes('@'),
    apply: (s, censor, tally) =>
      s.replace(url, (m, scheme: string, userinfo: string) => {
        if (userinfo === censor) return m;
        if (!userinfo.includes(':') && !looksGenerated(userinfo)) return m;
        tally.hits++;
        return `${scheme}${censor}@`;
      }),
  };
}

/** JWTs, also unsigned (`alg: none`, two segments) and embedded in other tokens. */
export function jwtRule(): StringRule {
  const jwt =
    /eyJ[A-Za-z0-9_-]{4,}\.(?:eyJ[A-Za-z0-9_-]{2,}|[A-Za-z0-9_-]{4,}(?=\.))(?:\.[A-Za-z0-9_-]*){0,3}/g;
  return {
    name: 'jwt',
    applies: (f, s) => (f & F_UPPER) !== 0 && s.length >= 16 && s.includes('eyJ'),
    apply: (s, censor, tally) => replaceChecked(jwt, s, censor, tally, () => true),
  };
}

function looksLikeBearer(token: string): boolean {
  return token.length >= 20 || /[0-9._~+/=-]/.test(token);
}

function looksLikeBasic(token: string): boolean {
  if (token.length % 4 !== 0) return false;
  return Buffer.from(token, 'base64').toString('latin1').includes(':');
}

/** `Bearer <token>` and `Basic <base64 user:pass>` anywhere in text. */
export function bearerRule(): StringRule {
  const bearer = /\b(Bearer|Basic)([ \t]+)([A-Za-z0-9._~+/-]{6,4096}=*)/gi;
  return {
    name: 'bearer',
    applies: (_f, s) =>
      s.length >= 12 &&
      (s.includes('earer') || s.includes('EARER') || s.includes('asic') || s.includes('ASIC')),
    apply: (s, censor, tally) =>
      s.replace(bearer, (m, scheme: string, gap: string, token: string) => {
        const credential =
          scheme.toLowerCase() === 'bearer' ? looksLikeBearer(token) : looksLikeBasic(token);
        if (!credential) return m;
        tally.hits++;
        return `${scheme}${gap}${censor}`;
      }),
  };
}

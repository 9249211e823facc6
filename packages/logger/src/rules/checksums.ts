/** Luhn (mod 10) check over a string of ASCII digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * True when `digits` looks like a payment card number: 13–19 digits, an issuer range in use and a
 * valid Luhn checksum. Ranges: UATP `1` (15 digits), Mir `2200–2204`, Mastercard `2221–2720`
 * and `5`, Amex/Diners/JCB `3`, Visa `4`, Discover/UnionPay/Maestro/RuPay `6`, UnionPay
 * `8100–8171`, Troy `9792`. The range check keeps epoch-millisecond timestamps and most order
 * numbers out.
 */
export function isPaymentCard(digits: string): boolean {
  const length = digits.length;
  if (length < 13 || length > 19) return false;
  const first = digits.charCodeAt(0) - 48;
  if (first === 1) {
    if (length !== 15) return false;
  } else if (first === 2) {
    const prefix = Number(digits.slice(0, 4));
    if (prefix > 2204 && (prefix < 2221 || prefix > 2720)) return false;
    if (prefix < 2200) return false;
  } else if (first === 8) {
    const prefix = Number(digits.slice(0, 4));
    if (prefix < 8100 || prefix > 8171 || length < 16) return false;
  } else if (first === 9) {
    if (!digits.startsWith('9792') || length !== 16) return false;
  } else if (first < 3 || first > 6) {
    return false;
  }
  return luhnValid(digits);
}

// Country → IBAN length, from the SWIFT IBAN registry (release 99, 2025), packed as "CCnn".
export const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map<string, number>(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 ' +
    'DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 ' +
    'IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 ' +
    'MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 ' +
    'SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

/** ISO 13616 check: known country, the country's length, and mod-97 remainder of 1. */
export function isIban(compact: string): boolean {
  const expected = IBAN_LENGTHS.get(compact.slice(0, 2));
  if (expected === undefined || compact.length !== expected) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      remainder = (remainder * 10 + (c - 48)) % 97;
    } else if (c >= 65 && c <= 90) {
      remainder = (remainder * 100 + (c - 55)) % 97;
    } else {
      return false;
    }
  }
  return remainder === 1;
}

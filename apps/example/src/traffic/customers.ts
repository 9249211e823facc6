/** A fake customer: the PII the traffic generator puts in payloads. */
export interface Customer {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly memberId: string;
  readonly addressLine1: string;
  readonly postalCode: string;
}

const FIRST = ['Ottoline', 'Bartholomew', 'Wilhelmina', 'Cornelius', 'Philippa', 'Evander'];
const LAST = ['Fairweather', 'Quackenbush', 'Winterbottom', 'Applegarth', 'Merriweather'];
const STREETS = ['Larkspur Lane', 'Juniper Row', 'Kestrel Close', 'Hawthorn Mews'];

/** A small deterministic PRNG (mulberry32), so runs are reproducible from a seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

/**
 * Generates the `n`-th customer. Phones alternate E.164 and national formats; every value is
 * unique per `n`, so a leak in the logs can be traced to the request that carried it.
 */
export function makeCustomer(random: () => number, n: number): Customer {
  const first = pick(random, FIRST);
  const last = pick(random, LAST);
  const digits = String(1_000_000 + ((n * 7_919 + Math.floor(random() * 1000)) % 9_000_000));
  const phone =
    n % 2 === 0 ? `+1415${digits}` : `(415) ${digits.slice(0, 3)}-${digits.slice(3, 7)}`;
  return {
    name: `${first} ${last}`,
    email: `${first}.${last}.${n}@example.com`.toLowerCase(),
    phone,
    memberId: `mem_${String(n % 997).padStart(4, '0')}`,
    addressLine1: `${10 + (n % 180)} ${pick(random, STREETS)}`,
    // UK-style, so a leak check cannot confuse it with digits inside timestamps or durations.
    postalCode: `KX${10 + (n % 89)} ${n % 10}QZ`,
  };
}

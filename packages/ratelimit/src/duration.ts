// Go `time.Duration` strings as OpenAI-style APIs send resets: `6m0s`, `20ms`, `2m59.56s`.
const WHOLE = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$/;
const COMPONENT = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  h: 3600,
  m: 60,
  s: 1,
  ms: 1e-3,
  us: 1e-6,
  µs: 1e-6,
  ns: 1e-9,
};
// Bounds the regex work on hostile values; real durations are a dozen characters.
const MAX_DURATION_TEXT = 64;

/** Seconds in a Go duration string; `null` unless the whole text is number+unit components. */
export function parseGoDuration(text: string): number | null {
  if (text.length > MAX_DURATION_TEXT) return null;
  const value = text.trim();
  if (!WHOLE.test(value)) return null;
  let seconds = 0;
  // matchAll iterates over a copy of the regex, so the shared one keeps no state.
  for (const m of value.matchAll(COMPONENT)) {
    seconds += Number(m[1]) * (UNIT_SECONDS[m[2] ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(seconds) ? seconds : null;
}

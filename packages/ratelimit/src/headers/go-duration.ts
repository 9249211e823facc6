// Go `time.Duration` strings as OpenAI-style APIs send resets: `6m0s`, `20ms`, `2m59.56s`.
// A hand-written scanner: this runs on every response of such APIs.

// Bounds the work on hostile values; real durations are a dozen characters.
const MAX_DURATION_TEXT = 64;

function isDigit(ch: number): boolean {
  return ch >= 0x30 && ch <= 0x39;
}

/** Seconds per unit starting at `text[i]` (0 when none); `unitLength` gives its length. */
function unitSeconds(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  if (c === 0x68) return 3600; // h
  if (c === 0x6d) return next === 0x73 ? 1e-3 : 60; // ms, m
  if (c === 0x73) return 1; // s
  if ((c === 0x75 || c === 0xb5) && next === 0x73) return 1e-6; // us, µs
  if (c === 0x6e && next === 0x73) return 1e-9; // ns
  return 0;
}

function unitLength(seconds: number): number {
  return seconds === 3600 || seconds === 60 || seconds === 1 ? 1 : 2;
}

/** Seconds in a Go duration string; `null` unless the whole text is number+unit components. */
export function parseGoDuration(text: string): number | null {
  if (text.length > MAX_DURATION_TEXT) return null;
  const value = text.trim();
  if (value.length === 0) return null;
  let seconds = 0;
  let i = 0;
  while (i < value.length) {
    const start = i;
    while (i < value.length && isDigit(value.charCodeAt(i))) i++;
    if (i === start) return null;
    if (value.charCodeAt(i) === 0x2e) {
      i++;
      const fraction = i;
      while (i < value.length && isDigit(value.charCodeAt(i))) i++;
      if (i === fraction) return null;
    }
    const unit = unitSeconds(value, i);
    if (unit === 0) return null;
    seconds += Number(value.slice(start, i)) * unit;
    i += unitLength(unit);
  }
  return Number.isFinite(seconds) ? seconds : null;
}

// Go `time.Duration` strings as OpenAI-style APIs send resets: `6m0s`, `20ms`, `2m59.56s`.
// A hand-written scanner: this runs on every response of such APIs.

// Bounds the work on hostile values; real durations are a dozen characters.
const MAX_DURATION_TEXT = 64;

function isDigit(ch: number): boolean {
  return ch >= 0x30 && ch <= 0x39;
}

/** Seconds per unit starting at `text[i]`, and the unit's length; `null` if none. */
function unitAt(text: string, i: number): [number, number] | null {
  const c = text[i];
  const next = text[i + 1];
  if (c === 'h') return [3600, 1];
  if (c === 'm') return next === 's' ? [1e-3, 2] : [60, 1];
  if (c === 's') return [1, 1];
  if ((c === 'u' || c === 'µ') && next === 's') return [1e-6, 2];
  if (c === 'n' && next === 's') return [1e-9, 2];
  return null;
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
    const unit = unitAt(value, i);
    if (unit === null) return null;
    seconds += Number(value.slice(start, i)) * unit[0];
    i += unit[1];
  }
  return Number.isFinite(seconds) ? seconds : null;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationToMs, isPromDuration } from '../src/alerts/prometheus-duration.js';
import { type AlertingRule, alertRules } from '../src/index.js';

describe('Prometheus durations (properties)', () => {
  it('any string is either a duration with a finite, non-negative length or refused, never a throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^(\d{1,4}(ms|s|m|h|d|w|y)){1,3}$/)),
        (text) => {
          if (!isPromDuration(text)) return;
          const ms = durationToMs(text);
          expect(Number.isFinite(ms) && ms >= 0).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('every forScale alertRules() accepts renders a Prometheus `for:` on every alert, scaled from its default', () => {
    const defaults = new Map(
      alertRules()
        .flatMap((g) => g.rules)
        .filter((r): r is AlertingRule => 'alert' in r)
        .map((r) => [r.alert, durationToMs(r.for)]),
    );
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), (forScale) => {
        for (const group of alertRules({ forScale })) {
          for (const rule of group.rules) {
            if (!('alert' in rule)) continue;
            expect(isPromDuration(rule.for)).toBe(true);
            // Rounded to whole seconds, so within half a second of the exact product.
            const exact = (defaults.get(rule.alert) ?? 0) * forScale;
            expect(Math.abs(durationToMs(rule.for) - exact)).toBeLessThanOrEqual(500);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

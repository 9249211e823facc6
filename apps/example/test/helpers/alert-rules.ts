import { alertRules, renderRules } from '@preflight/metrics';
import type { RuleLike } from './promql-names.js';

/**
 * The shipped rules with e2e timings: `for:` scaled to 0 (fire on the first evaluation) and
 * short windows and a 10 s webhook backlog age, so a fault shows up as a firing alert within seconds of 1 s scrapes.
 */
export function e2eRules(job: string): { yaml: string; rules: RuleLike[] } {
  const groups = alertRules({
    job,
    forScale: 0,
    rateWindow: '15s',
    eventWindow: '1m',
    // The 1 h backlog-age threshold scaled like the windows: a stalled queue fires in seconds.
    thresholds: { webhookBacklogAgeSeconds: 10 },
  });
  const rules = groups.flatMap((g) => g.rules as readonly RuleLike[]);
  return { yaml: renderRules(groups), rules };
}

import type { PartnerFaults } from '../partner/partner-faults.js';
import { HEALTHY_PARTNER } from '../partner/partner-faults.js';
import type { ProbeState } from '../traffic/prober.js';
import type { TrafficStats } from '../traffic/traffic-generator.js';

/** Everything the status line shows. */
export interface StatusInput {
  readonly now: Date;
  readonly traffic: TrafficStats;
  readonly previous: TrafficStats;
  readonly seconds: number;
  readonly probes: ProbeState;
  readonly budget: { readonly remaining: number | null; readonly limit: number | null };
  readonly faults: PartnerFaults;
  readonly backlog: number;
}

const pct = (part: number, total: number): string =>
  total === 0 ? '  -' : `${Math.round((part / total) * 100)}%`.padStart(4);

/** Sums the statuses of one class (2 → 2xx) between two snapshots. */
function classDelta(now: TrafficStats, before: TrafficStats, cls: string): number {
  let n = 0;
  for (const [status, count] of Object.entries(now.byStatus)) {
    if (status.startsWith(cls)) n += count - (before.byStatus[status] ?? 0);
  }
  return n;
}

/** The faults that differ from a healthy partner, as `key=value` words. */
export function describeFaults(faults: PartnerFaults): string {
  const changed = Object.entries(faults).filter(
    ([k, v]) => HEALTHY_PARTNER[k as keyof PartnerFaults] !== v,
  );
  return changed.length === 0 ? 'none' : changed.map(([k, v]) => `${k}=${v}`).join(' ');
}

/** One line: time, traffic rate and status mix, readiness, partner budget, active faults. */
export function formatStatus(s: StatusInput): string {
  const done = (['2', '4', '5'] as const).map((c) => classDelta(s.traffic, s.previous, c));
  const total = done.reduce((a, b) => a + b, 0);
  const rate = (total / Math.max(s.seconds, 0.001)).toFixed(1);
  const budget =
    s.budget.remaining === null ? '-' : `${s.budget.remaining}/${s.budget.limit ?? '?'}`;
  return [
    s.now.toISOString().slice(11, 19),
    `${rate.padStart(5)} req/s`,
    `2xx ${pct(done[0] ?? 0, total)}  4xx ${pct(done[1] ?? 0, total)}  5xx ${pct(done[2] ?? 0, total)}`,
    `ready ${s.probes.ready || 'down'}`,
    `partner budget ${budget}`,
    `webhook backlog ${s.backlog}`,
    `faults: ${describeFaults(s.faults)}`,
  ].join('  │ ');
}

import type { Meter, ObservableResult } from '@opentelemetry/api';
import { meterBound, observableGaugeBound, refreshable } from './meter.js';
import { ATTRIBUTE_VALUES, METRIC_NAMES } from './metric-names.js';
import { arrayOption, meterOption, optionsObject, stringOption } from './validate.js';

/** Options of {@link createBusinessMetrics}. */
export interface BusinessMetricsOptions {
  /**
   * Meter to record with.
   * @default the global meter `@preflight/metrics`, looked up at recording time (the global-meter rule)
   */
  readonly meter?: Meter;
  /**
   * Business event names counted by name (`checkout_started`, `appointment_created`, `search`);
   * any other name counts as `_OTHER`, so a typo or user input cannot add series.
   * @default []
   */
  readonly events?: readonly string[];
}

/** Outcome of a payment attempt, the `outcome` label of `preflight_business_payments_total`. */
export type PaymentOutcome = 'succeeded' | 'failed';

/** Thin wrappers over OTel instruments for the business metrics go-live checklists ask for. */
export interface BusinessMetrics {
  /** Adds to `preflight.business.events{event}` (checkouts started/completed, searches, …). */
  countEvent(event: string, value?: number): void;
  /** Adds one to `preflight.business.payments{outcome}`; alerts fire on `outcome="failed"`. */
  recordPayment(outcome: PaymentOutcome): void;
  /**
   * Reports `preflight.business.balance{account}` (credits or money left at a partner) from
   * `read()` at each scrape. Returns a function that stops it. `undefined` reports nothing new:
   * the SDK keeps exporting an observable series' last value, so a stopped or unknown balance
   * stays frozen at its last reading.
   */
  observeBalance(account: string, read: () => number | undefined): () => void;
}

const DEFAULTS = {
  meter: undefined,
  events: [],
} as const satisfies { [K in keyof Required<BusinessMetricsOptions>]: unknown };

/** Creates the {@link BusinessMetrics} helpers on one meter. */
export function createBusinessMetrics(options: BusinessMetricsOptions = {}): BusinessMetrics {
  const o = optionsObject('options', options, DEFAULTS);
  const meter = meterOption('meter', o.meter);
  const events = arrayOption<string>(
    'events',
    o.events ?? DEFAULTS.events,
    (e) => typeof e === 'string' && e !== '',
    'an array of non-empty strings',
  );
  const knownEvents = new Set<string>(events);
  const counters = refreshable(
    meter,
    meterBound(meter, (m) => ({
      events: m.createCounter(METRIC_NAMES.businessEvents, {
        unit: '{event}',
        description: 'Business events (checkouts, bookings, searches) by name.',
      }),
      payments: m.createCounter(METRIC_NAMES.businessPayments, {
        unit: '{payment}',
        description: 'Payment attempts by outcome.',
      }),
    })),
  );
  const balance = observableGaugeBound(meter, METRIC_NAMES.businessBalance, {
    description: 'Remaining credits or balance at a partner, by account.',
  });

  return {
    countEvent(event, value = 1) {
      if (!(Number.isFinite(value) && value >= 0)) return; // counters only go up; ignore bad input
      counters().events.add(value, {
        event: knownEvents.has(event) ? event : ATTRIBUTE_VALUES.other,
      });
    },
    recordPayment(outcome) {
      counters().payments.add(1, { outcome: outcome === 'succeeded' ? 'succeeded' : 'failed' });
    },
    observeBalance(account, read) {
      stringOption('account', account);
      const callback = (result: ObservableResult): void => {
        const value = read();
        if (typeof value === 'number' && Number.isFinite(value)) result.observe(value, { account });
      };
      return balance.observe(callback);
    },
  };
}

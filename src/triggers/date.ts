import type { FireSeries } from './series.js';
import type { DateTriggerSpec } from './trigger.js';

/** Fires once, at `at`. */
export function dateSeries(spec: DateTriggerSpec): FireSeries {
  const at = spec.at;
  return { nextAfter: (after) => (at > after ? at : null) };
}

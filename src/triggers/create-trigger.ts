import { calendarSeries } from './calendar.js';
import { andSeries, orSeries } from './combined.js';
import { cronSeries } from './cron.js';
import { dateSeries } from './date.js';
import { intervalSeries } from './interval.js';
import { bounded, limitedTrigger } from './limits.js';
import type { FireSeries } from './series.js';
import type { Trigger, TriggerSpec } from './trigger.js';
import { parseTriggerSpec } from './validate.js';

export interface CreateTriggerOptions {
  /** Source of jitter, [0, 1) like the default `Math.random`; pass a seeded one for reproducible runs. */
  random?: () => number;
}

function seriesFor(spec: TriggerSpec, field: string): FireSeries {
  switch (spec.kind) {
    case 'date':
      return dateSeries(spec);
    case 'interval':
      return intervalSeries(spec);
    case 'cron':
      return cronSeries(spec, field);
    case 'calendar':
      return calendarSeries(spec);
    case 'and':
    case 'or': {
      const children = spec.triggers.map((child, i) => {
        const f = `${field}.triggers.${i}`;
        return bounded(seriesFor(child, f), child);
      });
      return spec.kind === 'and' ? andSeries(children) : orSeries(children);
    }
  }
}

/**
 * Validates a spec (any JSON: from code, the store or the wire) and builds its Trigger. Parsing work
 * (cron expressions, zones) happens here once; keep the Trigger while its spec is unchanged.
 * Throws InvalidTriggerError naming the field at fault, e.g. `trigger.expression`.
 */
export function createTrigger(spec: unknown, field = 'trigger', options: CreateTriggerOptions = {}): Trigger {
  const normalised = parseTriggerSpec(spec, field);
  return limitedTrigger(normalised, seriesFor(normalised, field), options.random ?? Math.random);
}

/** A Trigger as is, or a spec built into one. */
export function toTrigger(specOrTrigger: unknown, field = 'trigger'): Trigger {
  if (isTrigger(specOrTrigger)) return specOrTrigger;
  return createTrigger(specOrTrigger, field);
}

function isTrigger(value: unknown): value is Trigger {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Trigger).next === 'function' &&
    typeof (value as Trigger).spec === 'object'
  );
}

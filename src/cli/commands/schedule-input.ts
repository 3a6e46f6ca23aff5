import type { ScheduleDefinition } from '../../scheduler/schedule-input.js';
import type { TriggerSpec } from '../../triggers/trigger.js';
import { usageError } from '../cli-error.js';
import { readJsonArgument } from '../parse.js';

/** The trigger flags `schedules upsert` and `schedules preview` share. */
export interface TriggerFlags {
  cron?: string;
  tz?: string;
  every?: number;
  at?: number;
  trigger?: string;
}

/** One trigger from the flags, as a plain spec (the server validates it and names the field). */
export function triggerFromFlags(f: TriggerFlags): TriggerSpec | null {
  const given = [f.cron, f.every, f.at, f.trigger].filter((v) => v !== undefined).length;
  if (given > 1) throw usageError('give one trigger: --cron, --every, --at or --trigger');
  if (f.tz !== undefined && f.cron === undefined) throw usageError('--tz goes with --cron');
  if (f.cron !== undefined) return { kind: 'cron', v: 1, expression: f.cron, timezone: f.tz ?? 'UTC' };
  if (f.every !== undefined) return { kind: 'interval', v: 1, everyMs: f.every, anchor: 0 };
  if (f.at !== undefined) return { kind: 'date', v: 1, at: f.at };
  if (f.trigger !== undefined) return readJsonArgument(f.trigger, '--trigger') as TriggerSpec;
  return null;
}

export interface UpsertFlags extends TriggerFlags {
  file?: string;
  handler?: string;
  payload?: string;
  queue?: string;
  maxAttempts?: number;
  timeout?: number;
  paused?: boolean;
  misfireGrace?: number;
  coalesce?: ScheduleDefinition['coalesce'];
  overlap?: ScheduleDefinition['overlap'];
}

/**
 * A definition from `--file` (the library's ScheduleDefinition as JSON) with the flags laid over it, so
 * `--file nightly.json --paused` works; without a file, --handler and a trigger are required.
 */
export function definitionFromFlags(id: string | undefined, f: UpsertFlags): ScheduleDefinition<unknown> {
  const base = (f.file ? readJsonArgument(`@${f.file}`, '--file') : {}) as Partial<ScheduleDefinition<unknown>>;
  if (typeof base !== 'object' || base === null || Array.isArray(base))
    throw usageError('--file: expected a JSON object');
  const trigger = triggerFromFlags(f) ?? base.trigger;
  const scheduleId = id ?? base.id;
  if (!scheduleId) throw usageError('give the schedule id');
  if (!trigger) throw usageError('give a trigger: --cron, --every, --at or --trigger (or --file)');
  const handler = f.handler ?? base.handler;
  if (!handler) throw usageError('give --handler (or --file)');
  const job = { ...base.job };
  if (f.queue) job.queue = f.queue;
  if (f.maxAttempts !== undefined) job.maxAttempts = f.maxAttempts;
  if (f.timeout !== undefined) job.timeout = f.timeout;
  const def: ScheduleDefinition<unknown> = { ...base, id: scheduleId, trigger, handler, job };
  if (f.payload !== undefined) def.payload = readJsonArgument(f.payload, '--payload');
  if (f.paused) def.paused = true;
  if (f.misfireGrace !== undefined) def.misfireGrace = f.misfireGrace;
  if (f.coalesce) def.coalesce = f.coalesce;
  if (f.overlap) def.overlap = f.overlap;
  return def;
}

/** The trigger layer: pure, serialisable fire-time rules. See README.md for the DST policy. */
export type {
  CalendarTriggerSpec,
  CombinedTriggerSpec,
  CronTriggerSpec,
  DateTriggerSpec,
  Fire,
  IntervalTriggerSpec,
  Trigger,
  TriggerLimits,
  TriggerSpec,
  TriggerState,
} from './trigger.js';
export { initialTriggerState } from './trigger.js';
export { createTrigger, type CreateTriggerOptions } from './create-trigger.js';
export { parseTriggerSpec, parseTriggerState, TRIGGER_KINDS, MAX_CHILDREN, MAX_DEPTH } from './validate.js';
export { MAX_AND_ROUNDS } from './combined.js';
export { previewTrigger, MAX_PREVIEW } from './preview.js';
export { describeTrigger } from './describe.js';
export {
  and,
  at,
  calendar,
  cron,
  every,
  or,
  withLimits,
  type CalendarOptions,
  type LimitOptions,
  type TimeInput,
} from './builders.js';

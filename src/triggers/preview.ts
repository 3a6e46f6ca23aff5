import { toTrigger } from './create-trigger.js';
import { initialTriggerState, type Trigger, type TriggerSpec, type TriggerState } from './trigger.js';
import { ValidationError } from '../core/errors.js';

/** Most fire times one preview returns. */
export const MAX_PREVIEW = 10_000;

/**
 * The next `n` nominal fire times at or after `from` (fewer when the trigger runs out), for the CLI,
 * the dashboard and tests. `limit` counts from `state`, by default from a fresh schedule.
 */
export function previewTrigger(
  specOrTrigger: TriggerSpec | Trigger,
  n: number,
  from: number = Date.now(),
  state: TriggerState = initialTriggerState(),
): number[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PREVIEW) {
    throw new ValidationError('n', `must be an integer from 0 to ${MAX_PREVIEW}`);
  }
  const trigger = toTrigger(specOrTrigger);
  const times: number[] = [];
  let after = from - 1;
  while (times.length < n) {
    const fire = trigger.next(after, state);
    if (fire === null) break;
    times.push(fire.at);
    after = fire.at;
    state = fire.state;
  }
  return times;
}

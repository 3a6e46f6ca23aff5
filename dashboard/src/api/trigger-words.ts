import { toJson } from '@bufbuild/protobuf';
import { CalendarUnit, TriggerSchema, type Trigger } from '../../../src/gen/tickwork/v1/trigger_pb.js';
import { durationMs, formatDuration, formatTime } from './format.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The trigger as the API spells it (ProtoJSON), for people who write specs. */
export function triggerSpec(trigger: Trigger | undefined): string {
  return trigger ? JSON.stringify(toJson(TriggerSchema, trigger)) : '—';
}

/** A trigger in words: `every 5 min`, `at 09:00 on Monday to Friday (Europe/Paris)`. */
export function triggerInWords(trigger: Trigger | undefined): string {
  if (!trigger) return 'no trigger';
  const k = trigger.kind;
  let words: string;
  switch (k.case) {
    case 'date':
      words = `once, at ${formatTime(k.value.at)}`;
      break;
    case 'interval':
      words = `every ${formatDuration(durationMs(k.value.every))}`;
      break;
    case 'cron':
      words = cronInWords(k.value.expression) + (k.value.timezone ? ` (${k.value.timezone})` : ' (UTC)');
      break;
    case 'calendar': {
      const unit = (CalendarUnit[k.value.unit] ?? 'unit').toLowerCase();
      const every = k.value.every > 1 ? `every ${k.value.every} ${unit}s` : `every ${unit}`;
      words = `${every} at ${k.value.timeOfDay} from ${k.value.startDate} (${k.value.timezone || 'UTC'})`;
      break;
    }
    case 'allOf':
      words = `when all of: ${k.value.triggers.map(triggerInWords).join('; ')}`;
      break;
    case 'anyOf':
      words = `whichever comes first of: ${k.value.triggers.map(triggerInWords).join('; ')}`;
      break;
    default:
      words = 'unknown trigger';
  }
  if (trigger.maxFires > 0) words += `, at most ${trigger.maxFires} times`;
  if (trigger.endAt) words += `, until ${formatTime(trigger.endAt)}`;
  return words;
}

/** The common cron shapes in words; anything else is quoted as it is. */
export function cronInWords(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  if (fields.length === 6) fields.shift(); // seconds: rare, and the rest reads the same
  if (fields.length !== 5) return `cron ${expression}`;
  const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const step = /^\*\/(\d+)$/;
  if (hour === '*' && dom === '*' && month === '*' && dow === '*') {
    if (min === '*') return 'every minute';
    const s = step.exec(min);
    if (s) return `every ${s[1]} minutes`;
    if (/^\d+$/.test(min)) return `every hour at minute ${min}`;
  }
  if (/^\d+$/.test(min) && /^\d+$/.test(hour) && month === '*') {
    const time = `at ${hour.padStart(2, '0')}:${min.padStart(2, '0')}`;
    if (dom === '*' && dow === '*') return `${time} every day`;
    if (dom === '*') return `${time} on ${daysInWords(dow)}`;
    if (dow === '*' && /^\d+$/.test(dom)) return `${time} on day ${dom} of every month`;
  }
  return `cron ${expression}`;
}

function daysInWords(dow: string): string {
  const name = (d: string) => DAYS[Number(d) % 7] ?? d;
  if (dow === '1-5') return 'Monday to Friday';
  return dow
    .split(',')
    .map((part) => (part.includes('-') ? part.split('-').map(name).join(' to ') : name(part)))
    .join(', ');
}

import type { ClientJob, ClientSchedule } from '../../client/model.js';
import type { TickworkEvent } from '../../core/events.js';
import { describeTrigger } from '../../triggers/describe.js';
import { renderTable } from './table.js';

/** Where a command writes: people get tables and sentences, scripts (`--json`) get one JSON document. */
export interface Output {
  readonly json: boolean;
  /** A value for scripts; ignored unless --json. */
  data(value: unknown): void;
  /** A line for people; ignored with --json. */
  say(text: string): void;
}

export function createOutput(json: boolean, write: (text: string) => void = (t) => process.stdout.write(t)): Output {
  return {
    json,
    data: (value) => {
      if (json) write(`${JSON.stringify(value, isoTimes)}\n`);
    },
    say: (text) => {
      if (!json) write(`${text}\n`);
    },
  };
}

// Times are epoch ms in the library; scripts reading JSON are better served by RFC 3339 text.
const TIME_KEYS = new Set([
  'runAt',
  'fireTime',
  'deadline',
  'leaseUntil',
  'createdAt',
  'updatedAt',
  'startedAt',
  'finishedAt',
  'nextFireAt',
  'lastFireAt',
  'at',
]);

function isoTimes(key: string, value: unknown): unknown {
  return TIME_KEYS.has(key) && typeof value === 'number' ? new Date(value).toISOString() : value;
}

export function when(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function jobsTable(jobs: ClientJob[]): string {
  return renderTable(
    ['ID', 'STATE', 'HANDLER', 'QUEUE', 'RUN AT', 'ATTEMPT', 'KEY'],
    jobs.map((j) => [
      j.id,
      j.state,
      j.target?.url ?? (j.handler || '-'),
      j.queue,
      when(j.runAt),
      `${j.attempt}/${j.maxAttempts}`,
      j.key ?? '-',
    ]),
  );
}

export function jobDetails(j: ClientJob): string {
  const rows: [string, string][] = [
    ['id', j.id],
    ['namespace', j.namespace],
    ['state', j.pausedFrom ? `${j.state} (from ${j.pausedFrom})` : j.state],
    ['handler', j.target?.url ?? (j.handler || '-')],
    ['queue', j.queue],
    ['payload', JSON.stringify(j.payload)],
    ['run at', when(j.runAt)],
    ['attempt', `${j.attempt} of ${j.maxAttempts}`],
    ['priority', String(j.priority)],
    ['key', j.key ?? '-'],
    ['schedule', j.scheduleId ? `${j.scheduleId} (fire ${when(j.fireTime)})` : '-'],
    ['timeout', j.timeoutMs === null ? '-' : `${j.timeoutMs} ms`],
    ['result', j.result === null ? '-' : JSON.stringify(j.result)],
    ['progress', j.progress === null ? '-' : JSON.stringify(j.progress)],
    ['error', j.error ? `${j.error.name}: ${j.error.message}${j.error.code ? ` (${j.error.code})` : ''}` : '-'],
    ['created', when(j.createdAt)],
    ['finished', when(j.finishedAt)],
  ];
  return renderTable(['FIELD', 'VALUE'], rows).split('\n').slice(1).join('\n');
}

function triggerText(s: ClientSchedule): string {
  try {
    return describeTrigger(s.trigger);
  } catch {
    return s.trigger.kind;
  }
}

export function schedulesTable(schedules: ClientSchedule[]): string {
  return renderTable(
    ['ID', 'TRIGGER', 'NEXT FIRE', 'PAUSED', 'HANDLER', 'FIRES'],
    schedules.map((s) => [
      s.id,
      triggerText(s),
      when(s.nextFireAt),
      s.paused ? 'yes' : 'no',
      s.job.handler,
      String(s.fireCount),
    ]),
  );
}

export function scheduleDetails(s: ClientSchedule): string {
  const rows: [string, string][] = [
    ['id', s.id],
    ['namespace', s.namespace],
    ['trigger', triggerText(s)],
    ['paused', s.paused ? 'yes' : 'no'],
    ['next fire', when(s.nextFireAt)],
    ['last fire', when(s.lastFireAt)],
    ['fires', `${s.fireCount} (${s.misfireCount} missed)`],
    ['handler', s.job.handler],
    ['payload', JSON.stringify(s.job.payload)],
    ['queue', s.job.queue],
    ['misfire grace', s.misfireGraceMs === null ? 'none' : `${s.misfireGraceMs} ms`],
    ['coalesce', s.coalesce],
    ['overlap', s.overlap],
  ];
  return renderTable(['FIELD', 'VALUE'], rows).split('\n').slice(1).join('\n');
}

export function eventLine(e: TickworkEvent): string {
  if ('jobId' in e && 'queue' in e) {
    const data = e.data === null ? '' : ` ${JSON.stringify(e.data)}`;
    return `${when(e.at)}  ${e.type.padEnd(14)} ${e.state.padEnd(9)} attempt ${e.attempt}${data}`;
  }
  return `${when(e.at)}  ${e.type} ${e.scheduleId}${e.jobId ? ` → ${e.jobId}` : ''}${e.reason ? ` (${e.reason})` : ''}`;
}

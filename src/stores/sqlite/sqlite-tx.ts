import type { JobEventType, TickworkEvent } from '../../core/events.js';
import type { Job } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import { jobEvent } from '../shared/job-records.js';
import { eventCode, stateCode, writeParams, type JobRow } from './row-mapping.js';
import type { Statements } from './statements.js';

/**
 * One SQLite step: runs inside a better-sqlite3 transaction and collects the events to hand to the
 * listeners once it has committed.
 */
export class SqliteTx {
  readonly events: TickworkEvent[] = [];

  constructor(
    readonly q: Statements,
    readonly now: number,
  ) {}

  /** Records a transition in the history (all but progress) and for the listeners. */
  record(seq: number, job: Job, type: JobEventType, data: Json | null = null, dataText?: string | null): void {
    const event = jobEvent(type, job, this.now, data);
    if (type !== 'job.progress') {
      this.q['insert-event'].run({
        job: seq,
        type: eventCode(type),
        state: stateCode(event.state),
        attempt: job.attempt,
        at: this.now,
        runAt: job.runAt,
        data: dataText !== undefined ? dataText : data === null ? null : JSON.stringify(data),
      });
    }
    this.events.push(event);
  }

  /** Writes a job computed by the shared rules over its row, and records the transition. */
  transition(seq: number, next: Job, type: JobEventType, data: Json | null = null): void {
    this.q['write-job'].run(writeParams(seq, next));
    this.record(seq, next, type, data);
  }

  getRow(namespace: string, id: string): JobRow | undefined {
    return this.q['get-job'].get({ namespace, id }) as JobRow | undefined;
  }
}

import type { JobEventType, TickworkEvent } from '../../core/events.js';
import type { Job } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import { jobEvent } from '../shared/job-records.js';
import { docToJob, historyLine, writeParams, type StoredJob } from './row-mapping.js';
import type { Params, StatementName } from './statements.js';
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

  /** The event of a transition and its history line (added to the listeners' list). */
  event(job: Job, type: JobEventType, data: Json | null = null, dataText?: string | null): string {
    const event = jobEvent(type, job, this.now, data);
    this.events.push(event);
    return historyLine(event, dataText !== undefined ? dataText : data === null ? null : JSON.stringify(data));
  }

  /** Records an event of a job already written in this step (progress is not kept in the history). */
  record(seq: number, job: Job, type: JobEventType, data: Json | null = null): void {
    const line = this.event(job, type, data);
    if (type !== 'job.progress') this.q['append-history'].run({ seq, event: line });
  }

  /** Writes a job computed by the shared rules over its row, with the transition's history line. */
  transition(seq: number, next: Job, type: JobEventType, data: Json | null = null): void {
    this.q['write-job'].run(writeParams(seq, next, this.event(next, type, data)));
  }

  getRow(namespace: string, id: string): StoredJob | undefined {
    return this.one('get-job', { namespace, id });
  }

  /** The job a job-reading statement (one `doc` column) returns, if any. */
  one(name: StatementName, params: Params): StoredJob | undefined {
    const doc = this.q[name].get(params) as string | undefined;
    return doc === undefined ? undefined : docToJob(doc, this.now);
  }

  /** The jobs a job-reading statement returns, in its order. */
  many(name: StatementName, params: Params): StoredJob[] {
    return (this.q[name].all(params) as string[]).map((doc) => docToJob(doc, this.now));
  }
}

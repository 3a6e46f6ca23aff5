import type { JobEventType, TickworkEvent } from '../../core/events.js';
import type { Job } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import { jobEvent } from '../shared/job-records.js';
import type { MemoryData, StoredJob } from './memory-data.js';

/**
 * One step of the memory store. Steps run synchronously, so each is atomic by construction: every
 * input is copied and checked before the first write, and the step's events reach listeners after it.
 */
export class MemoryTx {
  readonly events: TickworkEvent[] = [];

  constructor(
    readonly data: MemoryData,
    readonly now: number,
  ) {}

  /** Writes `next` over the record and records the transition's event in its history. */
  transition(record: StoredJob, next: Job, type: JobEventType, eventData: Json | null = null): void {
    this.data.writeJob(record, next);
    this.record(record, type, eventData);
  }

  /** Records an event for the job as it now is. */
  record(record: StoredJob, type: JobEventType, eventData: Json | null = null): void {
    const event = jobEvent(type, record.job, this.now, eventData);
    if (type !== 'job.progress') record.history.push(event);
    this.events.push(event);
  }
}

import { existsSync, readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Job } from '../../core/job.js';
import { json } from '../postgres/job-arrays.js';
import { Db, type Queryable } from '../postgres/db.js';
import { toStoredJob, type JobRow } from '../postgres/rows.js';
import { SqlFiles } from '../postgres/sql-files.js';

const QUERIES_DIR = new URL('./queries/', import.meta.url);

/** The tiered store's own statements (queries/*.sql next to this module), on the PostgreSQL store's Db. */
class TieredSqlFiles extends SqlFiles {
  private readonly own = new Map<string, string>();

  override query(name: string): string {
    let text = this.own.get(name);
    if (text === undefined) {
      const url = new URL(`${name}.sql`, QUERIES_DIR);
      // The PostgreSQL store's statements (insert-events, ...) are shared, not copied.
      if (!existsSync(url)) return super.query(name);
      text = this.render(readFileSync(url, 'utf8'));
      this.own.set(name, text);
    }
    return text;
  }
}

/** A job row with the tier columns of migration 002. */
export interface TierRow {
  job: Job;
  hot: boolean;
  version: number;
}

export function toTierRow(row: JobRow): TierRow {
  return { job: toStoredJob(row), hot: row.hot === true, version: Number(row.version ?? 0) };
}

/** A whole job to write, with the version of the newest change it holds and its tier. */
export interface JobWrite {
  job: Job;
  version: number;
  hot: boolean;
}

function upsertColumns(writes: readonly JobWrite[]): unknown[] {
  const pick = <T>(f: (job: Job) => T): T[] => writes.map((w) => f(w.job));
  return [
    pick((j) => j.namespace),
    pick((j) => j.id),
    pick((j) => j.queue),
    pick((j) => j.handler),
    pick((j) => JSON.stringify(j.payload ?? null)),
    pick((j) => j.state),
    pick((j) => j.priority),
    pick((j) => j.runAt),
    pick((j) => j.attempt),
    pick((j) => j.maxAttempts),
    pick((j) => JSON.stringify(j.backoff)),
    pick((j) => j.timeoutMs),
    pick((j) => j.key),
    pick((j) => j.scheduleId),
    pick((j) => j.fireTime),
    pick((j) => j.deadline),
    pick((j) => json(j.progress)),
    pick((j) => json(j.result)),
    pick((j) => json(j.error)),
    pick((j) => j.stalls),
    pick((j) => j.pausedFrom),
    pick((j) => j.leaseOwner),
    pick((j) => j.leaseUntil),
    pick((j) => j.createdAt),
    pick((j) => j.updatedAt),
    pick((j) => j.startedAt),
    pick((j) => j.finishedAt),
    writes.map((w) => w.version),
    writes.map((w) => w.hot),
    pick((j) => json(j.target)),
    pick((j) => j.traceparent ?? null),
  ];
}

/**
 * The SQL side of the tiered store: the tier columns (`hot`, `version`) that the PostgreSQL store's
 * own statements leave alone. Statements run on the pool or inside a caller's transaction.
 */
export class TieredSql {
  readonly db: Db;

  constructor(pool: pg.Pool, schema: string) {
    this.db = new Db(pool, new TieredSqlFiles(schema));
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async getRow(namespace: string, id: string): Promise<TierRow | null> {
    const [row] = await this.db.run<JobRow>('get-row', [namespace, id]);
    return row ? toTierRow(row) : null;
  }

  /** Where jobs named by id alone live: namespace, queue and tier of each row with one of these ids. */
  async locate(ids: readonly string[]): Promise<{ namespace: string; id: string; queue: string; hot: boolean }[]> {
    if (ids.length === 0) return [];
    return this.db.run('rows-by-id', [ids]);
  }

  async promoteDue(dueBy: number, limit: number): Promise<TierRow[]> {
    return (await this.db.run<JobRow>('promote-due', [dueBy, limit])).map(toTierRow);
  }

  async promoteIds(dueBy: number, refs: readonly { namespace: string; id: string }[]): Promise<TierRow[]> {
    if (refs.length === 0) return [];
    const rows = await this.db.run<JobRow>('promote-ids', [dueBy, refs.map((r) => r.namespace), refs.map((r) => r.id)]);
    return rows.map(toTierRow);
  }

  async coldNextDue(
    namespace: string | null,
    queues: string[] | null,
    handlers: string[] | null,
  ): Promise<number | null> {
    const [row] = await this.db.run<{ at: number | null }>('cold-next-due', [namespace, queues, handlers]);
    return row?.at ?? null;
  }

  async lockRows(q: Queryable, refs: readonly { namespace: string; id: string }[]): Promise<TierRow[]> {
    if (refs.length === 0) return [];
    const rows = await q.run<JobRow>('lock-rows', [refs.map((r) => r.namespace), refs.map((r) => r.id)]);
    return rows.map(toTierRow);
  }

  async upsert(q: Queryable, writes: readonly JobWrite[]): Promise<void> {
    if (writes.length > 0) await q.run('upsert-jobs', upsertColumns(writes));
  }

  async deleteRows(q: Queryable, refs: readonly { namespace: string; id: string }[]): Promise<void> {
    if (refs.length > 0) await q.run('delete-rows', [refs.map((r) => r.namespace), refs.map((r) => r.id)]);
  }

  async markCold(q: Queryable, refs: readonly { namespace: string; id: string }[]): Promise<void> {
    if (refs.length > 0) await q.run('mark-cold', [refs.map((r) => r.namespace), refs.map((r) => r.id)]);
  }

  async hotLivePage(after: { namespace: string; id: string }, limit: number): Promise<TierRow[]> {
    return (await this.db.run<JobRow>('hot-live-page', [after.namespace, after.id, limit])).map(toTierRow);
  }

  async hotKeyHolders(namespace: string, keys: readonly string[]): Promise<TierRow[]> {
    return (await this.db.run<JobRow>('hot-key-holders', [namespace, keys])).map(toTierRow);
  }

  async pausedQueues(): Promise<{ namespace: string; queue: string }[]> {
    return this.db.run('paused-queues');
  }
}

/**
 * The chaos test's own record of every handler execution, in a table of its own (not tickwork's), so
 * the test can count executions independently of tickwork's bookkeeping. A handler awaits its row
 * before it returns: a run whose completion tickwork could have recorded is always in the ledger.
 */
import pg from 'pg';

export interface Run {
  jobId: string;
  attempt: number;
  pid: number;
}

const TABLE = 'chaos_runs';

export async function createLedger(databaseUrl: string): Promise<void> {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (job_id text NOT NULL, attempt int NOT NULL, pid int NOT NULL, started_at bigint NOT NULL)`,
    );
  } finally {
    await client.end();
  }
}

export async function readLedger(databaseUrl: string): Promise<Run[]> {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query<{ job_id: string; attempt: number; pid: number }>(
      `SELECT job_id, attempt, pid FROM ${TABLE}`,
    );
    return rows.map((r) => ({ jobId: r.job_id, attempt: r.attempt, pid: r.pid }));
  } finally {
    await client.end();
  }
}

/** Writes runs in batches (one INSERT per event-loop turn), so 50k handler runs cost ~hundreds of statements. */
export class RunRecorder {
  private readonly pool: pg.Pool;
  private pending: { run: Run; done: (error?: unknown) => void }[] = [];
  private scheduled = false;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  }

  record(run: Run): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ run, done: (error) => (error ? reject(error) : resolve()) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    const now = Date.now();
    try {
      await this.pool.query(
        `INSERT INTO ${TABLE} (job_id, attempt, pid, started_at) SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::bigint[])`,
        [
          batch.map((b) => b.run.jobId),
          batch.map((b) => b.run.attempt),
          batch.map((b) => b.run.pid),
          batch.map(() => now),
        ],
      );
      for (const b of batch) b.done();
    } catch (error) {
      for (const b of batch) b.done(error);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

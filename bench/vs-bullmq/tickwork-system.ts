import pg from 'pg';
import { Tickwork, type TickworkOptions } from '../../src/index.js';
import { openStore } from '../../src/stores/open-store.js';
import type { Store } from '../../src/stores/store.js';
import type { BenchPayload, BenchSystem, RunningWorker, Submission } from './system.js';

/** `postgres`: PostgreSQL only. `store-first` / `hot-first`: PostgreSQL + the Redis hot tier (TieredStore). */
export type TickworkMode = 'postgres' | 'store-first' | 'hot-first';
export const TICKWORK_MODES: readonly TickworkMode[] = ['postgres', 'store-first', 'hot-first'];

export interface Servers {
  databaseUrl: string;
  redisUrl: string;
}

/** The mode's store, opened and migrated as `Tickwork.open({ store: url, redis, durability })` would. */
async function storeFor(mode: TickworkMode, servers: Servers): Promise<Store> {
  return openStore(servers.databaseUrl, mode === 'postgres' ? {} : { redis: servers.redisUrl, durability: mode });
}

/** tickwork in one mode: a producer instance per namespace (no roles), a worker instance per run. */
export class TickworkSystem implements BenchSystem {
  readonly name: string;
  private readonly producers = new Map<string, Tickwork>();
  /** For drop(): the bench's own connection, outside tickwork. */
  private readonly admin: pg.Pool;

  private constructor(
    readonly mode: TickworkMode,
    private readonly options: Pick<TickworkOptions, 'store'>,
    private readonly store: Store,
    databaseUrl: string,
  ) {
    this.name = `tickwork-${mode}`;
    this.admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  }

  /** Opens (and migrates) the mode's store; one store per system, shared by its instances. */
  static async open(mode: TickworkMode, servers: Servers): Promise<TickworkSystem | null> {
    const store = await storeFor(mode, servers);
    return new TickworkSystem(mode, { store }, store, servers.databaseUrl);
  }

  private async producer(namespace: string): Promise<Tickwork> {
    let tw = this.producers.get(namespace);
    if (!tw) {
      tw = await Tickwork.open({ ...this.options, namespace, roles: [], logger: false, requireKnownHandlers: false });
      this.producers.set(namespace, tw);
    }
    return tw;
  }

  private static entry(job: Submission) {
    return { handler: 'noop', payload: job.payload, options: job.due === null ? {} : { runAt: job.due } };
  }

  async bulkEnqueue(queue: string, jobs: Submission[], until = Infinity): Promise<number> {
    const tw = await this.producer(queue);
    let i = 0;
    for (; i < jobs.length && Date.now() < until; i += 1000) {
      await tw.jobs.enqueueMany(jobs.slice(i, i + 1000).map(TickworkSystem.entry));
    }
    return Math.min(i, jobs.length);
  }

  async singleEnqueue(queue: string, jobs: Submission[], inFlight: number, until = Infinity): Promise<number> {
    const tw = await this.producer(queue);
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < jobs.length && Date.now() < until) {
          const { handler, payload, options } = TickworkSystem.entry(jobs[next++]!);
          await tw.jobs.enqueue(handler, payload, options);
        }
      }),
    );
    return next;
  }

  async work(queue: string, concurrency: number, onJob: (payload: BenchPayload) => void): Promise<RunningWorker> {
    const tw = await Tickwork.open({
      ...this.options,
      namespace: queue,
      roles: ['worker'],
      logger: false,
      worker: { concurrency },
    });
    tw.handle<BenchPayload>('noop', (payload) => {
      onJob(payload);
      return null;
    });
    tw.start();
    return { stop: () => tw.close() };
  }

  async completed(queue: string): Promise<number> {
    const stats = await (await this.producer(queue)).queueStats();
    return stats.reduce((n, q) => n + q.counts.succeeded, 0);
  }

  /**
   * Deletes the namespace's rows (as BullMQ's obliterate does its queue), so each phase starts from the
   * same table; then ANALYZE, so plans do not go by the previous phase's row counts. Not timed.
   */
  async drop(queue: string): Promise<void> {
    await this.producers.get(queue)?.close();
    this.producers.delete(queue);
    await this.admin.query('DELETE FROM tickwork.job_events WHERE namespace = $1', [queue]);
    await this.admin.query('DELETE FROM tickwork.jobs WHERE namespace = $1', [queue]);
    await this.admin.query('VACUUM ANALYZE tickwork.jobs');
  }

  async close(): Promise<void> {
    await Promise.all([...this.producers.values()].map((tw) => tw.close()));
    await this.store.close();
    await this.admin.end();
  }
}

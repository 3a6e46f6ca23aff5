import { Tickwork, type TickworkOptions } from '../../src/index.js';
import { PostgresStore } from '../../src/stores/postgres/index.js';
import type { Store } from '../../src/stores/store.js';
import type { BenchPayload, BenchSystem, RunningWorker, Submission } from './system.js';

/**
 * `postgres`: PostgreSQL only. `store-first` / `hot-first`: PostgreSQL + the Redis hot tier in that
 * durability mode, once the TieredStore exists (`storeFor` is the one place that opens a mode).
 */
export type TickworkMode = 'postgres' | 'store-first' | 'hot-first';
export const TICKWORK_MODES: readonly TickworkMode[] = ['postgres', 'store-first', 'hot-first'];

export interface Servers {
  databaseUrl: string;
  redisUrl: string;
}

/** The store options of a mode, or null when this build cannot run it yet. */
function storeFor(mode: TickworkMode, servers: Servers): { store: Store } | null {
  switch (mode) {
    case 'postgres':
      return { store: new PostgresStore({ connectionString: servers.databaseUrl, poolSize: 10 }) };
    case 'store-first':
    case 'hot-first':
      // When the TieredStore lands: return { store: servers.databaseUrl, redis: servers.redisUrl, durability: mode };
      return null;
  }
}

/** tickwork in one mode: a producer instance per namespace (no roles), a worker instance per run. */
export class TickworkSystem implements BenchSystem {
  readonly name: string;
  private readonly producers = new Map<string, Tickwork>();

  private constructor(
    readonly mode: TickworkMode,
    private readonly options: Pick<TickworkOptions, 'store'>,
    private readonly store: Store,
  ) {
    this.name = `tickwork-${mode}`;
  }

  /** Opens (and migrates) the mode's store; null when the mode is not available in this build. */
  static async open(mode: TickworkMode, servers: Servers): Promise<TickworkSystem | null> {
    const opened = storeFor(mode, servers);
    if (!opened) return null;
    if (opened.store instanceof PostgresStore) await opened.store.migrate();
    return new TickworkSystem(mode, opened, opened.store);
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

  async drop(): Promise<void> {
    // Jobs live in PostgreSQL here: nothing in Redis to free.
  }

  async close(): Promise<void> {
    await Promise.all([...this.producers.values()].map((tw) => tw.close()));
    await this.store.close();
  }
}

import { Queue, Worker } from 'bullmq';
import type { BenchSystem, RunningWorker, Submission } from './system.js';

/** BullMQ 6 with its defaults (finished jobs kept, as tickwork keeps its history), on the shared Redis. */
export class BullmqSystem implements BenchSystem {
  readonly name = 'bullmq';
  private readonly queues = new Map<string, Queue>();
  private readonly connection: { host: string; port: number; maxRetriesPerRequest: null };

  constructor(redisUrl: string) {
    const url = new URL(redisUrl);
    this.connection = { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection });
      this.queues.set(name, queue);
    }
    return queue;
  }

  private static options(job: Submission): { delay?: number } {
    return job.due === null ? {} : { delay: Math.max(0, job.due - Date.now()) };
  }

  async bulkEnqueue(queue: string, jobs: Submission[], until = Infinity): Promise<number> {
    const q = this.queue(queue);
    let i = 0;
    for (; i < jobs.length && Date.now() < until; i += 1000) {
      await q.addBulk(
        jobs.slice(i, i + 1000).map((job) => ({ name: 'noop', data: job.payload, opts: BullmqSystem.options(job) })),
      );
    }
    return Math.min(i, jobs.length);
  }

  async singleEnqueue(queue: string, jobs: Submission[], inFlight: number, until = Infinity): Promise<number> {
    const q = this.queue(queue);
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < jobs.length && Date.now() < until) {
          const job = jobs[next++]!;
          await q.add('noop', job.payload, BullmqSystem.options(job));
        }
      }),
    );
    return next;
  }

  async work(
    queue: string,
    concurrency: number,
    onJob: (payload: Submission['payload']) => void,
  ): Promise<RunningWorker> {
    const worker = new Worker(
      queue,
      async (job) => {
        onJob(job.data as Submission['payload']);
      },
      { connection: this.connection, concurrency },
    );
    await worker.waitUntilReady();
    return { stop: () => worker.close() };
  }

  completed(queue: string): Promise<number> {
    return this.queue(queue).getCompletedCount();
  }

  async drop(queue: string): Promise<void> {
    const q = this.queue(queue);
    await q.obliterate({ force: true });
    await q.close();
    this.queues.delete(queue);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

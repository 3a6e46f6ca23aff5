import { create } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import { ValidationError } from '../../core/errors.js';
import {
  AdminService,
  ComponentHealthSchema,
  HealthStatus,
  QueueStatsSchema,
  WorkerInfoSchema,
  type ComponentHealth,
} from '../../gen/tickwork/v1/admin_pb.js';
import type { ApiContext } from '../context.js';
import { duration, timestamp } from '../convert/time.js';

const QUEUE_RE = /^[A-Za-z0-9_.:\-/@]{1,200}$/;

function requireQueue(queue: string): string {
  if (!QUEUE_RE.test(queue))
    throw new ValidationError('queue', 'must be 1-200 characters of letters, digits and _ . : - / @');
  return queue;
}

/** AdminService: queue counts and switches, health, version. */
export function adminService(ctx: ApiContext): ServiceImpl<typeof AdminService> {
  return {
    async getQueueStats(req) {
      const tw = await ctx.scopes.get(req.namespace);
      const only = req.queues.length > 0 ? new Set(req.queues) : null;
      const stats = (await tw.queueStats())
        .filter((s) => only === null || only.has(s.queue))
        .sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0));
      return {
        queues: stats.map((s) =>
          create(QueueStatsSchema, {
            namespace: s.namespace,
            queue: s.queue,
            paused: s.paused,
            counts: countsToProto(s.counts),
          }),
        ),
      };
    },

    async pauseQueue(req) {
      const queue = requireQueue(req.queue);
      await (await ctx.scopes.get(req.namespace)).pauseQueue(queue);
      return {};
    },

    async resumeQueue(req) {
      const queue = requireQueue(req.queue);
      const scope = await ctx.scopes.get(req.namespace);
      await scope.resumeQueue(queue);
      // Remote workers listen on the served instance, whichever namespace's view resumed the queue.
      if (scope !== ctx.scopes.root) ctx.scopes.root.notifyWorkAvailable();
      return {};
    },

    async getHealth() {
      const components: ComponentHealth[] = [await storeHealth(ctx)];
      for (const role of ctx.roles) {
        if (role === 'api') continue;
        // The facade does not expose its loops' liveness yet: a configured role reports serving.
        components.push(create(ComponentHealthSchema, { name: role, status: HealthStatus.SERVING }));
      }
      if (ctx.isDraining()) {
        components.push(
          create(ComponentHealthSchema, { name: 'api', status: HealthStatus.NOT_SERVING, message: 'shutting down' }),
        );
      }
      const status = components.reduce((worst, c) => Math.max(worst, c.status), HealthStatus.SERVING as number);
      return { status, components };
    },

    async listWorkers(req) {
      const tw = await ctx.scopes.get(req.namespace);
      const ns = tw.config.namespace;
      const { root } = ctx.scopes;
      const local = root.workerStatus();
      const serves = root.config.worker.allNamespaces || root.config.namespace === ns;
      const workers = [
        ...(local && serves
          ? [
              {
                workerId: local.workerId,
                kind: 'in-process',
                handlers: [],
                queues: Object.keys(root.config.worker.queues ?? {}),
                running: local.running,
                capacity: local.concurrency,
                since: timestamp(local.since),
                agent: `tickwork/${ctx.version}`,
              },
            ]
          : []),
        ...ctx.workers.list(ns).map((w) => ({ ...w, since: timestamp(w.since) })),
      ];
      return { workers: workers.map((w) => create(WorkerInfoSchema, w)) };
    },

    async getVersion() {
      const { root } = ctx.scopes;
      return {
        version: ctx.version,
        api: 'tickwork.v1',
        runtime: `node ${process.version}`,
        store: root.store.kind,
        // The Store contract does not expose its schema version yet (see the report on issue 4).
        schemaVersion: 0,
        hotTier: false,
        roles: ctx.roles,
      };
    },
  };
}

/** One store round trip, timed: a cheap read that every store answers from an index. */
async function storeHealth(ctx: ApiContext): Promise<ComponentHealth> {
  const started = performance.now();
  try {
    await ctx.scopes.root.store.nextScheduleDueAt();
    return create(ComponentHealthSchema, {
      name: 'store',
      status: HealthStatus.SERVING,
      latency: duration(Math.round(performance.now() - started)),
    });
  } catch (error) {
    return create(ComponentHealthSchema, {
      name: 'store',
      status: HealthStatus.NOT_SERVING,
      message: error instanceof Error ? error.message : String(error),
      latency: duration(Math.round(performance.now() - started)),
    });
  }
}

/**
 * int64 counts: the IDL asks for `jstype = JS_NUMBER`, but protoc-gen-es v2 generates bigint for it
 * regardless, so the conversion is made here.
 */
function countsToProto(counts: Record<string, number>): Record<string, bigint> {
  return Object.fromEntries(Object.entries(counts).map(([state, n]) => [state, BigInt(n)]));
}

import { randomUUID } from 'node:crypto';
import type { ServiceImpl } from '@connectrpc/connect';
import { ValidationError } from '../../core/errors.js';
import { validateHandlerName } from '../../worker/handler-registry.js';
import {
  WorkerService,
  type ConnectRequest,
  type ConnectResponse,
  type WorkerHello,
} from '../../gen/tickwork/v1/workers_pb.js';
import type { ApiContext } from '../context.js';
import { Reaper } from './reaper.js';
import { WorkerSession } from './worker-session.js';

const WORKER_ID_RE = /^[\x21-\x7e]{1,200}$/;

function checkHello(hello: WorkerHello): void {
  if (!WORKER_ID_RE.test(hello.workerId))
    throw new ValidationError('hello.worker_id', 'must be 1-200 printable characters');
  if (hello.handlers.length === 0) throw new ValidationError('hello.handlers', 'name at least one handler');
  hello.handlers.forEach((h, i) => validateHandlerName(h, `hello.handlers[${i}]`));
}

/**
 * WorkerService.Connect: a remote worker's bidirectional stream. The first message must be a hello;
 * then requests are handled as they arrive while the session's outbox streams assignments, aborts and
 * acks back. The stream ends when the worker half-closes (after the last acks), when it goes away, or
 * when the server shuts down; attempts still running keep their leases until they expire.
 */
export function workerService(ctx: ApiContext): ServiceImpl<typeof WorkerService> {
  const { root } = ctx.scopes;
  const timing = { leaseMs: root.config.worker.leaseMs, heartbeatMs: root.config.worker.heartbeatMs };
  // Remote workers' expired leases must be reaped even when this process runs no worker role.
  const reaper = new Reaper(root.store, root.config.worker.reapIntervalMs, ctx.logger);

  return {
    async *connect(requests: AsyncIterable<ConnectRequest>, context): AsyncGenerator<ConnectResponse> {
      const it = requests[Symbol.asyncIterator]();
      const first = await it.next();
      if (first.done || first.value.message.case !== 'hello') {
        throw new ValidationError('hello', 'the first message must be a hello');
      }
      const hello = first.value.message.value;
      checkHello(hello);
      const tw = await ctx.scopes.get(hello.namespace);
      const sessionId = randomUUID();
      const logger = ctx.logger.child({ workerId: hello.workerId, sessionId });
      const session = new WorkerSession(tw, hello.workerId, hello, timing, logger);
      const onAbort = () => session.close();
      context.signal.addEventListener('abort', onAbort, { once: true });
      const release = reaper.hold();
      const unlist = ctx.workers.add(session);
      logger.info({ handlers: hello.handlers, queues: hello.queues, agent: hello.agent }, 'remote worker connected');

      // Read the worker's messages while the outbox is being sent.
      const reading = (async () => {
        try {
          for (let next = await it.next(); !next.done; next = await it.next()) {
            if (session.outbox.isClosed) break;
            session.handle(next.value);
          }
          await session.finish();
        } catch (error) {
          session.fail(error);
        }
      })();
      const claiming = session.run();
      try {
        yield session.welcome(sessionId);
        for await (const message of session.outbox) yield message;
        if (session.error) throw session.error;
      } finally {
        session.close();
        context.signal.removeEventListener('abort', onAbort);
        release();
        unlist();
        await Promise.allSettled([claiming, reading]);
        logger.info('remote worker disconnected');
      }
    },
  };
}

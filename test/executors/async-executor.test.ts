import { describe, expect, test } from 'vitest';
import { JobCancelledError, ShuttingDownError } from '../../src/core/errors.js';
import type { Json } from '../../src/core/json.js';
import { AsyncExecutor } from '../../src/worker/executors/index.js';
import type { ExecutionTask, Handler, JobContext } from '../../src/worker/handler.js';
import { ProgressProbe, makeJob } from './helpers.js';

function task(
  run: Handler<Json, unknown>,
  options: { signal?: AbortSignal; probe?: ProgressProbe } = {},
): ExecutionTask {
  return {
    job: makeJob({ orderId: 1 }, { attempt: 3 }),
    handler: { name: 'fn', executor: 'async', run: run as Handler<never, unknown> },
    signal: options.signal ?? new AbortController().signal,
    onProgress: options.probe?.report ?? (() => undefined),
  };
}

describe('AsyncExecutor', () => {
  test('runs the handler with its payload and a context built from the task', async () => {
    let seen: JobContext | null = null;
    const t = task((payload, context) => {
      seen = context;
      return { got: payload };
    });
    await expect(new AsyncExecutor().run(t)).resolves.toEqual({ got: { orderId: 1 } });
    expect(seen).toMatchObject({ job: { id: t.job.id, attempt: 3 }, idempotencyKey: t.job.id });
    expect(Object.isFrozen(seen!.job)).toBe(true);
  });

  test('undefined becomes null; a synchronous throw rejects like an async one', async () => {
    const executor = new AsyncExecutor();
    await expect(executor.run(task(() => undefined))).resolves.toBeNull();
    await expect(
      executor.run(
        task(() => {
          throw new RangeError('sync');
        }),
      ),
    ).rejects.toBeInstanceOf(RangeError);
  });

  test('progress goes to onProgress while the attempt runs, and not after', async () => {
    const probe = new ProgressProbe();
    let late: JobContext | null = null;
    await new AsyncExecutor().run(
      task(
        async (_payload, context) => {
          await context.progress(1);
          await context.progress({ step: 2 });
          late = context;
          return null;
        },
        { probe },
      ),
    );
    await late!.progress('too late');
    expect(probe.values).toEqual([1, { step: 2 }]);
  });

  test('progress that is not JSON is refused to the handler', async () => {
    const result = new AsyncExecutor().run(
      task((_payload, context) =>
        context.progress(Number.NaN).then(
          () => 'accepted',
          (e: Error) => e.name,
        ),
      ),
    );
    await expect(result).resolves.toBe('PayloadNotJsonError');
  });

  test('abort rejects at once with the reason, even when the handler ignores its signal', async () => {
    const controller = new AbortController();
    let handlerSignal: AbortSignal | null = null;
    let entered!: () => void;
    const running = new Promise<void>((resolve) => (entered = resolve));
    const run = new AsyncExecutor().run(
      task(
        (_payload, context) => {
          handlerSignal = context.signal;
          entered();
          return new Promise<never>(() => undefined); // never settles, never looks at its signal
        },
        { signal: controller.signal },
      ),
    );
    await running;
    const reason = new JobCancelledError('job');
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    expect(handlerSignal!.aborted).toBe(true);
    expect(handlerSignal!.reason).toBe(reason);
  });

  test('an already aborted task is not started', async () => {
    const controller = new AbortController();
    const reason = new JobCancelledError('job');
    controller.abort(reason);
    let called = false;
    const run = new AsyncExecutor().run(task(() => (called = true), { signal: controller.signal }));
    await expect(run).rejects.toBe(reason);
    expect(called).toBe(false);
  });

  test('close() aborts running handlers with ShuttingDownError and refuses new runs', async () => {
    const executor = new AsyncExecutor();
    let signal: AbortSignal | null = null;
    let entered!: () => void;
    const running = new Promise<void>((resolve) => (entered = resolve));
    const run = executor.run(
      task((_payload, context) => {
        signal = context.signal;
        entered();
        return new Promise<never>(() => undefined);
      }),
    );
    await running;
    await executor.close();
    await expect(run).rejects.toBeInstanceOf(ShuttingDownError);
    expect(signal!.reason).toBeInstanceOf(ShuttingDownError);
    await expect(executor.run(task(() => 1))).rejects.toBeInstanceOf(ShuttingDownError);
  });

  test('a module handler is refused', async () => {
    const t = task(() => null);
    t.handler = { name: 'm', executor: 'thread', module: '/x.js', exportName: 'default' };
    await expect(new AsyncExecutor().run(t)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

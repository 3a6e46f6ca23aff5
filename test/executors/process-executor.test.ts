/** What only child processes can show: a child killed by a signal, and no child outliving its parent. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, expect, test } from 'vitest';
import { ProcessExecutor } from '../../src/worker/executors/index.js';
import { ProgressProbe, fixture, isAlive, moduleTask, started } from './helpers.js';

const open: ProcessExecutor[] = [];
const executor = (options: ConstructorParameters<typeof ProcessExecutor>[0] = {}): ProcessExecutor => {
  const created = new ProcessExecutor({ size: 1, ...options });
  open.push(created);
  return created;
};

afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

test('a child that SIGKILLs itself fails that attempt with WORKER_CRASHED; the next attempt succeeds', async () => {
  const pool = executor();
  const before = (await pool.run(moduleTask('process', 'echo', 'default'))) as { workerId: number };
  const error = await pool.run(moduleTask('process', 'crash', 'sigkill')).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'WORKER_CRASHED', details: { workerId: before.workerId, executor: 'process' } });
  expect((error as Error).message).toContain('killed by SIGKILL');
  expect(isAlive(before.workerId)).toBe(false);
  const after = (await pool.run(moduleTask('process', 'echo', 'default'))) as { workerId: number };
  expect(after.workerId).not.toBe(before.workerId);
  expect(pool.stats()).toMatchObject({ workers: 1, crashed: 1 });
});

test('close() leaves no child process behind, busy or idle', async () => {
  const pool = executor({ size: 3, abortGrace: '200ms' });
  const probes = [new ProgressProbe(), new ProgressProbe()];
  const spinning = probes.map((progress) => pool.run(moduleTask('process', 'abort', 'spin', null, { progress })));
  const spinners = await Promise.all(probes.map(started));
  const idle = ((await pool.run(moduleTask('process', 'echo', 'default'))) as { workerId: number }).workerId;
  const pids = [...spinners, idle];
  expect(new Set(pids).size).toBe(3);
  expect(pids.every(isAlive)).toBe(true);
  const outcomes = Promise.allSettled(spinning);
  await pool.close();
  expect(pids.filter(isAlive)).toEqual([]);
  expect((await outcomes).map((o) => o.status)).toEqual(['rejected', 'rejected']);
});

test('a child exits when its parent dies without closing the executor', async () => {
  // The host's stdout is a pipe the child inherits: it reaches end-of-file only once both are gone.
  const host = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), fixture('executor-host')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: host.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  const { childPid } = JSON.parse(line) as { childPid: number };
  expect(isAlive(childPid)).toBe(true);
  const ended = once(host.stdout, 'end');
  host.kill('SIGKILL');
  await ended;
  expect(isAlive(childPid)).toBe(false);
});

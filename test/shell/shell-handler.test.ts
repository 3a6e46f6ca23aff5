import { afterEach, describe, expect, it } from 'vitest';
import { shellHandler } from '../../src/shell/index.js';
import { MemoryStore } from '../../src/stores/memory/memory-store.js';
import { Tickwork } from '../../src/tickwork/tickwork.js';

// The shell executor in a real Tickwork, running real /bin/sh processes.
describe('shell executor', () => {
  const open: Tickwork[] = [];
  afterEach(async () => {
    for (const tw of open.splice(0)) await tw.close();
  });

  async function start(allow: string[]) {
    const tw = await Tickwork.open({ store: new MemoryStore(), logger: false });
    open.push(tw);
    tw.handle('shell', shellHandler({ allow }));
    tw.start();
    return async (payload: unknown, options: { maxAttempts?: number; timeout?: number } = {}) => {
      const job = await tw.jobs.enqueue('shell', payload, { maxAttempts: 1, ...options });
      return tw.jobs.wait(job.id);
    };
  }

  it('runs an allow-listed command (exact or by pattern) with the job env, and keeps its output', async () => {
    const run = await start(['echo hello', 'printf %s "$GREETING" *']);
    expect(await run({ command: 'echo hello' })).toMatchObject({
      state: 'succeeded',
      result: { exitCode: 0, stdout: 'hello\n', stderr: '' },
    });
    const env = await run({ command: 'printf %s "$GREETING" world', env: { GREETING: 'hi' } });
    expect(env.result).toMatchObject({ stdout: 'hiworld' });
  });

  it('refuses a command outside the allow-list without retrying, naming it', async () => {
    const run = await start(['echo hello']);
    const job = await run({ command: 'rm -rf /tmp/nothing-here' }, { maxAttempts: 3 });
    expect(job).toMatchObject({
      state: 'failed',
      attempt: 1,
      error: { code: 'SHELL_COMMAND_NOT_ALLOWED', retryable: false },
    });
    expect(job.error!.message).toContain('rm -rf /tmp/nothing-here');
    // Wildcards do not leak: a prefix of an exact entry is not a match.
    expect((await run({ command: 'echo hello; id' })).error?.code).toBe('SHELL_COMMAND_NOT_ALLOWED');
  });

  it('is off without an allow-list', async () => {
    const run = await start([]);
    const job = await run({ command: 'echo hello' }, { maxAttempts: 2 });
    expect(job).toMatchObject({ state: 'failed', attempt: 1, error: { code: 'SHELL_DISABLED' } });
  });

  it('a non-zero exit fails the attempt with the last stderr line; a timeout kills the command', async () => {
    const run = await start(['*']);
    const failed = await run({ command: 'echo partial; echo "disk full" >&2; exit 3' });
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'SHELL_EXIT_3' } });
    expect(failed.error!.message).toContain('disk full');
    const slow = await run({ command: 'sleep 30' }, { timeout: 200 });
    expect(slow).toMatchObject({ state: 'failed', error: { code: 'JOB_TIMEOUT' } });
    expect((await run({ nope: 1 })).error?.code).toBe('SHELL_BAD_PAYLOAD');
  });
});

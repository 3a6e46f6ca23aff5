import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsed, serve, tickwork, type Served } from './cli-process.js';

// `tickwork schedules import` against a real `tickwork serve` whose shell executor allows `echo *`.
// Each CLI call is a fresh Node process compiling TypeScript: on a loaded machine a test of ten of
// them can take a minute, so these get a wider bound than the suite's.
describe('tickwork schedules import <crontab>', { timeout: 180_000 }, () => {
  let dir: string;
  let served: Served;
  const run = (...args: string[]) => tickwork([...args, '--server', served.url]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tw-crontab-'));
    served = await serve(['--store', join(dir, 'tw.db'), '--shell-command', 'echo *']);
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates one schedule per line, idempotently, that runs its command through the shell executor', async () => {
    const file = join(dir, 'crontab');
    writeFileSync(
      file,
      [
        '# reports',
        'GREETING=hello',
        'CRON_TZ=Asia/Shanghai',
        '30 2 * * * echo "$GREETING from cron"',
        '@hourly rm -rf /',
        '',
      ].join('\n'),
    );
    const first = await run('schedules', 'import', file, '--json');
    expect(first.code).toBe(0);
    const imported = parsed<{
      imported: { line: number; created: boolean; schedule: { id: string; trigger: unknown } }[];
    }>(first).imported;
    expect(imported.map((i) => [i.line, i.created])).toEqual([
      [4, true],
      [5, true],
    ]);
    expect(imported[0]!.schedule.trigger).toMatchObject({
      kind: 'cron',
      expression: '30 2 * * *',
      timezone: 'Asia/Shanghai',
    });

    // Again: the same ids, updated in place; the table for people names what it did.
    const again = await run('schedules', 'import', file);
    expect(again.code).toBe(0);
    for (const i of imported) expect(again.stdout).toContain(i.schedule.id);
    expect(again.stdout).toContain('updated');
    expect(again.stdout).not.toContain('created');
    const listed = parsed<{ schedules: { id: string }[] }>(await run('schedules', 'ls', '--json'));
    expect(listed.schedules).toHaveLength(2);

    // Run both now: the allowed command succeeds with its output, the other fails naming it.
    const ran = await Promise.all(imported.map((i) => run('schedules', 'run', i.schedule.id, '--json')));
    const jobIds = ran.map((r) => parsed<{ id: string }>(r).id);
    const [ok, refused] = await Promise.all(jobIds.map((id) => run('jobs', 'watch', id, '--json')));
    const last = (r: { stdout: string }) =>
      (
        JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
          job: { state: string; result: unknown; error: { message: string; code: string } | null };
        }
      ).job;
    expect(last(ok!)).toMatchObject({ state: 'succeeded', result: { exitCode: 0, stdout: 'hello from cron\n' } });
    expect(last(refused!)).toMatchObject({ state: 'failed', error: { code: 'SHELL_COMMAND_NOT_ALLOWED' } });
    expect(last(refused!).error!.message).toContain('rm -rf /');
  });

  it('refuses @reboot and bad lines with exit 4, naming the line, writing nothing', async () => {
    const file = join(dir, 'bad');
    writeFileSync(file, '0 1 * * * echo fine\n@reboot echo at boot\n');
    const result = await run('schedules', 'import', file, '--prefix', 'bad');
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('line 2: @reboot is not supported');
    const bad = join(dir, 'bad-cron');
    writeFileSync(bad, '61 * * * * echo never\n');
    const invalid = await run('schedules', 'import', bad, '--prefix', 'bad');
    expect(invalid.code).toBe(4);
    expect(invalid.stderr).toContain('line 1');
    const listed = parsed<{ schedules: { id: string }[] }>(await run('schedules', 'ls', '--json'));
    expect(listed.schedules.filter((s) => s.id.startsWith('bad:'))).toHaveLength(0);
  });
});

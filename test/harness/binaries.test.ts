import { describe, expect, it } from 'vitest';
import { installOrFail, planForMissing, POSTGRES, REDIS, type CommandRunner } from './binaries.js';

// The decision and its messages, without running apt: the runner is the one part replaced.
const quiet = (): void => {};

describe('missing server binaries', () => {
  it('installs the Debian packages when running as root with apt-get', () => {
    expect(planForMissing(POSTGRES, { isRoot: true, aptGet: '/usr/bin/apt-get' })).toEqual({
      action: 'install',
      commands: [
        ['/usr/bin/apt-get', 'update'],
        ['/usr/bin/apt-get', 'install', '-y', '--no-install-recommends', 'postgresql'],
      ],
    });
  });

  it('fails naming the packages when not root', () => {
    const plan = planForMissing(REDIS, { isRoot: false, aptGet: '/usr/bin/apt-get' });
    expect(plan.action).toBe('fail');
    const message = plan.action === 'fail' ? plan.message : '';
    expect(message).toContain('Redis is not installed');
    expect(message).toContain('not running as root');
    expect(message).toContain('apt-get install -y redis-server');
    expect(message).toContain('REDIS_URL');
  });

  it('fails naming the packages when root has no apt-get', () => {
    const plan = planForMissing(POSTGRES, { isRoot: true, aptGet: null });
    expect(plan.action === 'fail' && plan.message).toMatch(/no apt-get.*postgresql.*DATABASE_URL/);
  });

  it('runs update then install, and names the packages when apt-get fails', () => {
    const ran: string[][] = [];
    const ok: CommandRunner = (command) => void ran.push(command);
    installOrFail(REDIS, { isRoot: true, aptGet: 'apt-get' }, { run: ok, log: quiet });
    expect(ran.map((c) => c.slice(1, 2)[0])).toEqual(['update', 'install']);
    expect(ran[1]).toContain('redis-server');

    const broken: CommandRunner = (command) => {
      if (command[1] === 'install') {
        throw Object.assign(new Error('exit 100'), { stderr: Buffer.from('E: Unable to locate package') });
      }
    };
    expect(() => installOrFail(POSTGRES, { isRoot: true, aptGet: 'apt-get' }, { run: broken, log: quiet })).toThrow(
      /apt-get install -y --no-install-recommends postgresql` failed.*postgresql yourself.*DATABASE_URL\nE: Unable/s,
    );
  });

  it('throws the message without running anything when it may not install', () => {
    const ran: string[][] = [];
    expect(() =>
      installOrFail(POSTGRES, { isRoot: false, aptGet: null }, { run: (c) => void ran.push(c), log: quiet }),
    ).toThrow(/PostgreSQL is not installed.*postgresql/);
    expect(ran).toEqual([]);
  });
});

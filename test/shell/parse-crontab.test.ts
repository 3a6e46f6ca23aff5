import { describe, expect, it } from 'vitest';
import { CrontabError, parseCrontab } from '../../src/cli/crontab/parse-crontab.js';

describe('parseCrontab', () => {
  const text = [
    '# nightly jobs',
    '',
    'MAILTO=ops@example.com',
    'PATH="/usr/local/bin:/usr/bin:/bin"',
    '*/5 * * * * /usr/local/bin/poll.sh --fast   >> /var/log/poll.log 2>&1',
    'CRON_TZ=Asia/Shanghai',
    '0 3 * * 1-5  backup.sh nightly',
    '@hourly echo "50\\% done"',
    'TZ=Europe/Berlin',
    '@daily  rotate-logs',
  ].join('\n');

  it('turns lines into entries: fields, macros, zones, environment, the command as written', () => {
    const entries = parseCrontab(text);
    expect(entries.map(({ id: _, ...e }) => e)).toEqual([
      {
        line: 5,
        expression: '*/5 * * * *',
        timezone: 'UTC',
        command: '/usr/local/bin/poll.sh --fast   >> /var/log/poll.log 2>&1',
        env: { MAILTO: 'ops@example.com', PATH: '/usr/local/bin:/usr/bin:/bin' },
      },
      {
        line: 7,
        expression: '0 3 * * 1-5',
        timezone: 'Asia/Shanghai',
        command: 'backup.sh nightly',
        env: { MAILTO: 'ops@example.com', PATH: '/usr/local/bin:/usr/bin:/bin' },
      },
      {
        line: 8,
        expression: '0 * * * *',
        timezone: 'Asia/Shanghai',
        command: 'echo "50% done"',
        env: { MAILTO: 'ops@example.com', PATH: '/usr/local/bin:/usr/bin:/bin' },
      },
      {
        line: 10,
        expression: '0 0 * * *',
        timezone: 'Europe/Berlin',
        command: 'rotate-logs',
        env: { MAILTO: 'ops@example.com', PATH: '/usr/local/bin:/usr/bin:/bin' },
      },
    ]);
  });

  it('gives stable ids from what a line does, not where it sits', () => {
    const first = parseCrontab(text).map((e) => e.id);
    const moved = parseCrontab(`# a new comment on top\n\n${text}`).map((e) => e.id);
    expect(moved).toEqual(first);
    expect(new Set(first).size).toBe(4);
    expect(first[0]).toMatch(/^crontab:[0-9a-f]{16}$/);
    const changed = parseCrontab(text.replace('backup.sh nightly', 'backup.sh weekly')).map((e) => e.id);
    expect(changed[1]).not.toBe(first[1]);
    expect(parseCrontab(text, 'host-a')[0]!.id).toMatch(/^host-a:/);
  });

  it('refuses what it cannot carry over, naming the line', () => {
    const refuse = (t: string) => {
      try {
        parseCrontab(t);
      } catch (error) {
        expect(error).toBeInstanceOf(CrontabError);
        return (error as Error).message;
      }
      throw new Error('expected a CrontabError');
    };
    expect(refuse('# x\n@reboot /usr/bin/start-things')).toMatch(/^line 2: @reboot is not supported/);
    expect(refuse('0 3 * * * date +%Y')).toMatch(/^line 1: an unescaped %/);
    expect(refuse('0 3 * * *')).toMatch(/^line 1: expected five time fields/);
    expect(refuse('0 3 * *  ')).toMatch(/^line 1:/);
    expect(refuse('@fortnightly x')).toMatch(/unknown macro @fortnightly/);
  });
});

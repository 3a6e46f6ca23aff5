import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeyLayout } from '../../src/hot/redis/queue-keys.js';
import { loadScripts, SCRIPT_NAMES } from '../../src/hot/redis/script-loader.js';

const LUA = new URL('../../src/hot/redis/lua/', import.meta.url);

function header(source: string): string {
  return /^--\[\[([\s\S]*?)\]\]/.exec(source)![1]!;
}

describe('Lua scripts', () => {
  const scripts = loadScripts();

  it('registers every script under a versioned name', () => {
    expect([...scripts.keys()]).toEqual([...SCRIPT_NAMES]);
    for (const script of scripts.values()) expect(script.command).toMatch(/^tw1_[a-z_]+$/);
  });

  it.each(SCRIPT_NAMES)('%s documents every KEYS and ARGV slot it uses', (name) => {
    const source = readFileSync(new URL(`${name}.lua`, LUA), 'utf8');
    const doc = header(source);
    const body = source.slice(source.indexOf(']]'));
    for (const [, slot] of body.matchAll(/KEYS\[(\d+)\]/g)) expect(doc).toContain(`KEYS[${slot}]`);
    for (const [, slot] of body.matchAll(/ARGV\[(\d+)\]/g))
      expect(doc).toMatch(new RegExp(`ARGV\\[${slot}(\\]|\\.\\.\\.)`));
    expect(doc).toMatch(/Output:/);
  });

  it('inlines includes, which take keys from the script and never build one', () => {
    for (const script of scripts.values()) expect(script.lua).not.toMatch(/--@include/);
    const claim = scripts.get('claim')!;
    expect(claim.keys).toEqual(['jobs', 'delayed', 'ready', 'active', 'log', 'quarantine', 'meta']);
    for (const include of ['record', 'state-line', 'change-log', 'move-due', 'retire-job', 'batch', 'codes']) {
      const source = readFileSync(new URL(`includes/${include}.lua`, LUA), 'utf8');
      expect(source, include).not.toMatch(/KEYS\[|ARGV\[/);
      expect(source, include).not.toMatch(/\.\.\s*['"]:/); // no key names concatenated in Lua
    }
  });
});

describe('key layout', () => {
  it('puts every key of a queue under one hash tag', () => {
    const keys = new KeyLayout('tw').keys({ namespace: 'shop', queue: 'orders' });
    for (const key of Object.values(keys)) expect(key.startsWith('{tw:shop:orders}:')).toBe(true);
  });

  it('escapes names so no two queues share a tag and braces cannot end it', () => {
    const layout = new KeyLayout('tw');
    const a = layout.keys({ namespace: 'a:b', queue: 'c' }).jobs;
    const b = layout.keys({ namespace: 'a', queue: 'b:c' }).jobs;
    expect(a).not.toBe(b);
    const odd = layout.keys({ namespace: 'n}', queue: '{q%' }).jobs;
    expect(odd).toBe('{tw:n%7D:%7Bq%25}:j');
    expect(layout.parseMember(layout.member({ namespace: 'a:b}', queue: '%x{' }))).toEqual({
      namespace: 'a:b}',
      queue: '%x{',
    });
  });
});

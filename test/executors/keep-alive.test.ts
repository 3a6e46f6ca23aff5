/**
 * An executor inside an application (background mode) must not keep the process alive once idle, and
 * `await close()` must return even when nothing else keeps the event loop busy.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, test } from 'vitest';
import { fixture } from './helpers.js';

async function host(kind: string, mode: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), fixture('idle-host'), kind, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, output };
}

describe.each(['thread', 'process'])('%s executor', (kind) => {
  test('an idle pool left open does not keep the process alive', async () => {
    await expect(host(kind, 'leave')).resolves.toEqual({ code: 0, output: 'ran\n' });
  });

  test('await close() returns in a process with nothing else to do', async () => {
    await expect(host(kind, 'close')).resolves.toEqual({ code: 0, output: 'ran\nclosed\n' });
  });
});

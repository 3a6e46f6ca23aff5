import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../cli/cli-process.js';
import { preparePython, runPython, unittestPassed } from './python-process.js';

/**
 * The Python client (clients/python) against a real `tickwork serve` on an embedded SQLite file, over
 * real sockets: each Python module (unittest, stdlib) runs as a child process with Debian's python3.
 */
describe('Python client (tickwork_client)', () => {
  let server: Served;
  let dir: string;
  let address: string;

  beforeAll(async () => {
    preparePython();
    dir = mkdtempSync(join(tmpdir(), 'tickwork-py-'));
    server = await serve(['--store', join(dir, 'tickwork.db')]);
    address = new URL(server.url).host;
  });

  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const modules: [string, number][] = [
    ['test_jobs', 8],
    ['test_schedules', 4],
    ['test_events', 2],
    ['test_admin', 3],
    ['test_worker', 6],
    ['test_bad_input', 12],
  ];

  for (const [module, count] of modules) {
    it(`${module}.py passes`, async () => {
      const result = await runPython(['-m', 'unittest', '-v', module], { TICKWORK_ADDRESS: address }, ['test/python']);
      expect(unittestPassed(result)).toBe(count);
      // Whatever the module sent, the server is still up.
      expect(server.process.exitCode).toBeNull();
    }, 240_000);
  }
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../cli/cli-process.js';
import { preparePython, runPython } from './python-process.js';

/** The last line a script printed, as JSON. */
function summary(output: string): Record<string, unknown> {
  const lines = output.trim().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.startsWith('{')) return JSON.parse(lines[i]!) as Record<string, unknown>;
  }
  throw new Error(`no JSON summary in:\n${output}`);
}

describe('examples/python-order-timeout', () => {
  let server: Served;
  let dir: string;

  beforeAll(async () => {
    preparePython();
    dir = mkdtempSync(join(tmpdir(), 'tickwork-py-orders-'));
    server = await serve(['--store', join(dir, 'tickwork.db')]);
  });

  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('cancels the paid order’s timeout and lets the Python worker cancel the unpaid order', async () => {
    const address = new URL(server.url).host;
    const result = await runPython(
      ['examples/python-order-timeout/demo.py', '--server', address, '--demo', '--db', join(dir, 'shop.db')],
      {},
    );
    expect(result.code, result.output).toBe(0);
    expect(summary(result.output)).toEqual({
      orders: { '1': 'paid', '2': 'cancelled' },
      jobs: { '1': 'cancelled', '2': 'succeeded' },
      result: { orderId: 2, outcome: 'cancelled' },
      stock: 8,
    });
  });
});

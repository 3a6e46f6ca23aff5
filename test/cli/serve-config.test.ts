import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error.js';
import {
  resolveServeConfig,
  settingsFromEnv,
  settingsFromFile,
  settingsFromFlags,
} from '../../src/cli/serve/serve-config.js';

describe('serve config', () => {
  it('has documented defaults', () => {
    expect(resolveServeConfig()).toEqual({
      store: './tickwork.db',
      redis: undefined,
      durability: undefined,
      host: '127.0.0.1',
      port: 7420,
      roles: ['api', 'scheduler', 'worker', 'dispatch'],
      handlers: [],
      namespace: 'default',
      logLevel: 'info',
      maxPayloadBytes: undefined,
      maxBatchSize: 10_000,
      concurrency: 10,
      drainTimeoutMs: 30_000,
      httpAllowedOrigins: null,
      httpSigningSecret: null,
      auth: null,
      shellCommands: [],
    });
  });

  it('layers file < environment < flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-config-'));
    try {
      const file = join(dir, 'tickwork.json');
      writeFileSync(file, JSON.stringify({ port: 1, store: 'file.db', roles: ['api'], drainTimeout: '5s' }));
      const config = resolveServeConfig(
        settingsFromFile(file),
        settingsFromEnv({ TICKWORK_PORT: '2', TICKWORK_HANDLERS: 'a.js, b.js' }),
        settingsFromFlags({ port: 3, concurrency: undefined }),
      );
      expect(config).toMatchObject({
        port: 3,
        store: 'file.db',
        roles: ['api'],
        handlers: ['a.js', 'b.js'],
        drainTimeoutMs: 5000,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the setting and its source when a value is bad', () => {
    const fail = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(CliError);
        return (error as CliError).message;
      }
      throw new Error('expected a failure');
    };
    expect(fail(() => settingsFromEnv({ TICKWORK_PORT: 'x' }))).toContain('TICKWORK_PORT');
    expect(fail(() => settingsFromEnv({ TICKWORK_ROLES: 'api,dispatcher' }))).toMatch(/TICKWORK_ROLES\[1\]/);
    expect(fail(() => settingsFromFlags({ port: 70000 }))).toContain('--port');
    expect(fail(() => settingsFromFile('/no/such/file.json'))).toContain('/no/such/file.json');
    expect(fail(() => resolveServeConfig({ drainTimeout: 'soon' }))).toContain('drainTimeout');
  });
});

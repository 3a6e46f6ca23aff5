import { describe, expect, test } from 'vitest';
import { runsFromSource } from '../../src/worker/executors/entry-launch.js';
import { AsyncExecutor, ProcessExecutor, ThreadExecutor, createExecutor } from '../../src/worker/executors/index.js';

describe('createExecutor', () => {
  test('makes the executor of each kind; nothing starts until the first run', async () => {
    const made = [
      createExecutor('async'),
      createExecutor('thread', { size: 2 }),
      createExecutor('process', { size: 1 }),
    ];
    expect(made[0]).toBeInstanceOf(AsyncExecutor);
    expect(made[1]).toBeInstanceOf(ThreadExecutor);
    expect(made[2]).toBeInstanceOf(ProcessExecutor);
    expect(made.map((e) => e.kind)).toEqual(['async', 'thread', 'process']);
    expect((made[1] as ThreadExecutor).stats().workers).toBe(0);
    await Promise.all(made.map((e) => e.close()));
  });

  test('validates its options', () => {
    expect(() => createExecutor('thread', { size: 0 })).toThrow(/size/);
    expect(() => createExecutor('process', { abortGrace: 'soon' })).toThrow(/abortGrace/);
    expect(() => createExecutor('process', { maxTasksPerWorker: 1.5 })).toThrow(/maxTasksPerWorker/);
    expect(() => createExecutor('thread', { maxOldSpaceMb: -1 })).toThrow(/maxOldSpaceMb/);
  });
});

describe('runsFromSource', () => {
  test('tells TypeScript source from compiled output by the module file', () => {
    expect(runsFromSource()).toBe(true);
    expect(runsFromSource('file:///app/dist/src/worker/executors/entry-launch.js')).toBe(false);
    expect(runsFromSource('file:///app/src/worker/executors/entry-launch.ts')).toBe(true);
  });
});

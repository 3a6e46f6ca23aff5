import { describe, expect, test } from 'vitest';
import {
  InvalidStateError,
  JobCancelledError,
  NonRetryableError,
  ShuttingDownError,
  TickworkError,
} from '../../src/core/errors.js';
import { deserialiseError, serialiseError } from '../../src/worker/executors/index.js';

/** Through JSON text, as the child's IPC channel carries it. */
const roundTrip = (error: unknown): Error => deserialiseError(JSON.parse(JSON.stringify(serialiseError(error))));

describe('error codec', () => {
  test('a plain error keeps name, message, stack, code and own fields', () => {
    const error = Object.assign(new Error('disk full'), { code: 'ENOSPC', errno: -28, path: '/tmp/x' });
    error.name = 'WriteError';
    const back = roundTrip(error);
    expect(back).toBeInstanceOf(Error);
    expect(back).toMatchObject({
      name: 'WriteError',
      message: 'disk full',
      code: 'ENOSPC',
      errno: -28,
      path: '/tmp/x',
    });
    expect(back.stack).toBe(error.stack);
  });

  test('built-in classes and NonRetryableError are rebuilt as themselves', () => {
    expect(roundTrip(new SyntaxError('x'))).toBeInstanceOf(SyntaxError);
    const final = roundTrip(new NonRetryableError('no such order'));
    expect(final).toBeInstanceOf(NonRetryableError);
    expect(final).toMatchObject({ name: 'NonRetryableError', message: 'no such order', retryable: false });
  });

  test('TickworkError subclasses come back as the same class with code and fields', () => {
    const state = roundTrip(new InvalidStateError('job-1', 'running', 'pause'));
    expect(state).toBeInstanceOf(InvalidStateError);
    expect(state).toBeInstanceOf(TickworkError);
    expect(state).toMatchObject({
      code: 'INVALID_STATE',
      field: 'state',
      id: 'job-1',
      details: { operation: 'pause' },
    });
    expect(roundTrip(new JobCancelledError('j'))).toBeInstanceOf(JobCancelledError);
    expect(roundTrip(new ShuttingDownError())).toMatchObject({ code: 'SHUTTING_DOWN', retryable: true });
  });

  test('the cause chain survives, cut short when it loops', () => {
    const inner = new TypeError('inner');
    const outer = new Error('outer', { cause: inner });
    const back = roundTrip(outer);
    expect(back.cause).toBeInstanceOf(TypeError);
    expect(back.cause).toMatchObject({ message: 'inner' });

    const loop = new Error('loop');
    (loop as { cause?: unknown }).cause = loop;
    let depth = 0;
    for (let e: unknown = roundTrip(loop); e instanceof Error; e = e.cause) depth += 1;
    expect(depth).toBe(5);
  });

  test('thrown non-errors become Errors; fields JSON cannot carry are dropped', () => {
    expect(roundTrip('a string')).toMatchObject({ name: 'Error', message: 'a string' });
    expect(roundTrip({ reason: 'object' })).toMatchObject({ message: '{"reason":"object"}' });
    const odd = Object.assign(new Error('odd'), { big: 1n, fn: () => 1, ok: [1, 'two'] });
    const back = roundTrip(odd) as unknown as Record<string, unknown>;
    expect(back['ok']).toEqual([1, 'two']);
    expect('big' in back || 'fn' in back).toBe(false);
  });
});

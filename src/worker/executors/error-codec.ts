/**
 * Errors cross a thread or process boundary as plain JSON and come back as real `Error` objects:
 * same class where we can tell it (NonRetryableError, every TickworkError subclass, the built-in
 * errors), same name, message, stack, code and other own fields, and the cause chain.
 */
import * as errors from '../../core/errors.js';
import { NonRetryableError, TickworkError, type ErrorCode } from '../../core/errors.js';
import type { Json } from '../../core/json.js';

export interface SerialisedError {
  /** Which constructor rebuilds it; `name` alone cannot tell a NonRetryableError from a look-alike. */
  kind: 'non-retryable' | 'tickwork' | 'error';
  name: string;
  message: string;
  stack: string | null;
  /** The error's own enumerable fields that survive JSON (`code`, `details`, `errno`, …). */
  props: { [key: string]: Json };
  cause: SerialisedError | null;
}

const BUILT_IN: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** Every TickworkError subclass by name, found from the module so a new one needs no edit here. */
const TICKWORK_CLASSES = new Map<string, { prototype: TickworkError }>(
  Object.values(errors)
    .filter((value): value is typeof TickworkError => typeof value === 'function' && value.prototype instanceof Error)
    .filter((value) => value === TickworkError || value.prototype instanceof TickworkError)
    .map((value) => [value.name, value]),
);

/** A cause chain deeper than this is cut: it is for debugging, and a cycle must not hang us. */
const MAX_CAUSE_DEPTH = 4;
const SKIPPED_PROPS = new Set(['name', 'message', 'stack', 'cause']);

export function serialiseError(error: unknown, depth = 0): SerialisedError {
  if (!(error instanceof Error)) {
    return { kind: 'error', name: 'Error', message: describe(error), stack: null, props: {}, cause: null };
  }
  const kind =
    error instanceof NonRetryableError || error.name === 'NonRetryableError'
      ? 'non-retryable'
      : error instanceof TickworkError
        ? 'tickwork'
        : 'error';
  const props: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(error)) {
    if (SKIPPED_PROPS.has(key)) continue;
    const json = toJson(value);
    if (json !== undefined) props[key] = json;
  }
  const cause = error.cause !== undefined && depth < MAX_CAUSE_DEPTH ? serialiseError(error.cause, depth + 1) : null;
  return { kind, name: error.name, message: error.message, stack: error.stack ?? null, props, cause };
}

export function deserialiseError(data: SerialisedError): Error {
  let error: Error;
  if (data.kind === 'non-retryable') {
    error = new NonRetryableError(data.message);
  } else if (data.kind === 'tickwork') {
    const code = typeof data.props['code'] === 'string' ? (data.props['code'] as ErrorCode) : 'HANDLER_ERROR';
    error = new TickworkError(code, data.message);
    // The subclass constructors take different arguments; the fields they set travel in `props`.
    Object.setPrototypeOf(error, (TICKWORK_CLASSES.get(data.name) ?? TickworkError).prototype);
  } else {
    error = new (BUILT_IN[data.name] ?? Error)(data.message);
  }
  Object.assign(error, data.props);
  // An own property, as TickworkError sets it: a plain Error named 'AbortError' keeps its name.
  Object.defineProperty(error, 'name', { value: data.name, writable: true, configurable: true, enumerable: false });
  if (data.stack !== null) error.stack = data.stack;
  if (data.cause !== null) {
    Object.defineProperty(error, 'cause', {
      value: deserialiseError(data.cause),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return error;
}

function toJson(value: unknown): Json | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : (JSON.parse(text) as Json);
  } catch {
    return undefined; // a cycle or a bigint: not worth failing the attempt's report over
  }
}

function describe(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown;
  try {
    return JSON.stringify(thrown) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}

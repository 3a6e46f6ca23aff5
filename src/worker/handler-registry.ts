import { fileURLToPath } from 'node:url';
import { ValidationError } from '../core/errors.js';
import type { Json } from '../core/json.js';
import type { Handler, HandlerRegistration, ModuleHandler } from './handler.js';

/** A handler bound to its name, so that enqueueing through it type-checks the payload. */
export interface HandlerDefinition<P = Json, R = Json> {
  readonly name: string;
  readonly run: Handler<P, R> | ModuleHandler;
}

/** Names a handler once, with its payload and result types: `tw.enqueue(cancelIfUnpaid, { orderId })`. */
export function defineHandler<P = Json, R = Json>(
  name: string,
  run: Handler<P, R> | ModuleHandler,
): HandlerDefinition<P, R> {
  validateHandlerName(name);
  return { name, run };
}

const NAME_RE = /^[A-Za-z0-9_.:\-/]{1,200}$/;

export function validateHandlerName(name: unknown, field = 'handler'): asserts name is string {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new ValidationError(field, 'must be 1-200 characters of letters, digits and _ . : - /');
  }
}

/** The handlers one Tickwork instance can run, by name. One per instance: no process-global registry. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, HandlerRegistration>();
  private cachedNames: string[] | null = null;

  register(name: string, run: Handler<never, unknown> | ModuleHandler): HandlerRegistration {
    validateHandlerName(name);
    let registration: HandlerRegistration;
    if (typeof run === 'function') registration = { name, executor: 'async', run };
    else if (run && typeof run === 'object' && 'module' in run) {
      const module = run.module instanceof URL ? fileURLToPath(run.module) : run.module;
      if (run.executor !== 'thread' && run.executor !== 'process') {
        throw new ValidationError('executor', 'a module handler runs in a "thread" or a "process"');
      }
      registration = { name, executor: run.executor, module, exportName: run.exportName ?? 'default' };
    } else throw new ValidationError('handler', 'expected a function or { module, executor }');
    this.handlers.set(name, registration);
    this.cachedNames = null;
    return registration;
  }

  get(name: string): HandlerRegistration | undefined {
    return this.handlers.get(name);
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  names(): string[] {
    this.cachedNames ??= [...this.handlers.keys()];
    return this.cachedNames;
  }

  get size(): number {
    return this.handlers.size;
  }
}

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HandlerDefinition } from '../../worker/handler-registry.js';
import type { Handler, ModuleHandler } from '../../worker/handler.js';
import { usageError } from '../cli-error.js';

type Definition = HandlerDefinition<never, unknown>;

/** Where handlers go: a Tickwork, or a remote worker's table. */
export interface HandlerSink {
  handle(name: string, handler: Handler<never, unknown> | ModuleHandler): unknown;
  register(...definitions: Definition[]): unknown;
}

function isDefinition(value: unknown): value is Definition {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Definition).name === 'string' &&
    (typeof (value as Definition).run === 'function' || typeof (value as Definition).run === 'object')
  );
}

/**
 * Loads a `--handlers` module into `tw`. The module may export, as its default:
 * - an array of `defineHandler(...)` results, or one of them;
 * - a function `(tw) => void | Promise<void>` that registers what it wants (handlers needing setup);
 * and otherwise every named export that is a `defineHandler(...)` result is registered.
 * Returns the handler names registered, for the start-up log (null when a function registered them:
 * the facade does not list its handlers).
 */
export async function loadHandlers(tw: HandlerSink, specifier: string): Promise<string[] | null> {
  const url = /^[a-z]+:/i.test(specifier) ? specifier : pathToFileURL(resolve(specifier)).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw usageError(`--handlers ${specifier}: cannot load: ${error instanceof Error ? error.message : String(error)}`);
  }
  const main = mod.default;
  if (typeof main === 'function') {
    await (main as (tw: HandlerSink) => unknown)(tw);
    return null;
  }
  const definitions = Array.isArray(main) ? main : main !== undefined ? [main] : Object.values(mod);
  const found = definitions.filter(isDefinition);
  if (found.length === 0) {
    throw usageError(
      `--handlers ${specifier}: exports no handlers (default: an array of defineHandler(...), or (tw) => void)`,
    );
  }
  tw.register(...found);
  return found.map((d) => d.name);
}

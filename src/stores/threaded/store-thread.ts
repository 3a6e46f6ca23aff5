/**
 * Entry of the store thread: opens a SqliteStore from `workerData` (resolved SqliteStoreOptions) and
 * serves ThreadedSqliteStore's calls over the parent port, one at a time in arrival order. Every
 * SqliteStore method does its work and emits its events synchronously, so a call's events are captured
 * around the invocation and posted with its reply; replies leave in the order calls arrived, which is
 * commit order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TickworkEvent } from '../../core/events.js';
import { serialiseError } from '../../worker/executors/error-codec.js';
import { SqliteStore } from '../sqlite/sqlite-store.js';
import type { SqliteStoreOptions } from '../sqlite/sqlite-options.js';
import { STORE_METHODS, type CallMessage, type StoreMethod, type ThreadMessage } from './protocol.js';
import { encodeResult } from './result-codec.js';

const port = parentPort;
if (!port) throw new Error('store-thread runs in a worker thread');
const post = (message: ThreadMessage) => port.postMessage(message);

async function serve(): Promise<void> {
  let store: SqliteStore;
  try {
    store = await SqliteStore.open(workerData as SqliteStoreOptions);
  } catch (error) {
    // No listener is attached, so the thread ends by itself; the parent terminates it anyway.
    post({ id: 0, ready: false, error: serialiseError(error) });
    return;
  }

  let captured: TickworkEvent[] | null = null;
  store.onEvents((events) => {
    if (captured) captured.push(...events);
    else post({ id: -1, events });
  });

  port!.on('message', (message: CallMessage) => {
    if (message.method === 'crash') throw new Error('store thread: simulated crash');
    const { id, method } = message;
    const events: TickworkEvent[] = [];
    captured = events;
    let result: Promise<unknown>;
    try {
      result = invoke(store, method, message.args);
    } catch (error) {
      result = Promise.reject(error);
    } finally {
      captured = null;
    }
    result.then(
      (value) => reply(id, method, value, events),
      (error: unknown) => post({ id, ok: false, error: serialiseError(error), events: events.length ? events : null }),
    );
  });

  post({ id: 0, ready: true });
}

function invoke(store: SqliteStore, method: StoreMethod, args: unknown[]): Promise<unknown> {
  if (!STORE_METHODS.has(method)) throw new TypeError(`store thread: no method "${String(method)}"`);
  const fn = (store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
  return fn.apply(store, args);
}

function reply(id: number, method: StoreMethod, value: unknown, events: TickworkEvent[]): void {
  const wireEvents = events.length ? events : null;
  try {
    post({ id, ok: true, value: encodeResult(method, value), events: wireEvents });
  } catch (error) {
    // A result structured clone refuses (it should not happen: rows are plain data) fails the call
    // rather than the thread; the events were committed, so they still go.
    post({ id, ok: false, error: serialiseError(error), events: wireEvents });
  }
}

await serve();

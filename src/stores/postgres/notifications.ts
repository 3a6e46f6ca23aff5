import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TickworkEvent } from '../../core/events.js';
import { wakesFor, type StoreWake } from './wakeups.js';

/** NOTIFY refuses payloads of 8000 bytes or more; stay well below, JSON escaping included. */
const MAX_PAYLOAD = 7000;
/** An event whose `data` would push it past this is shared without its data. */
const MAX_EVENT = 1500;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 30_000;

interface WakePayload {
  /** The sending store instance: it delivered its own hints locally and skips the echo. */
  o: string;
  /** Job wakes as [namespace, queue, runAt]; null namespace/queue: any. */
  w?: [string | null, string | null, number][];
  s?: 1;
  e?: TickworkEvent[];
}

/**
 * LISTEN/NOTIFY for one store: after each commit, the step's wake-up hints (and, with `shareEvents`, its
 * events) go to the store's own listeners at once and to other processes through one NOTIFY per event-
 * loop turn. Listening holds one connection, open only while someone listens; when it drops, it is
 * re-established with back-off and listeners get a `reconnected` hint for what they may have missed.
 */
export class Notifications {
  readonly origin = randomBytes(6).toString('hex');
  private readonly wakeListeners = new Set<(wake: StoreWake) => void>();
  private readonly channel: string;
  private pendingWakes: StoreWake[] = [];
  private pendingEvents: TickworkEvent[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> = Promise.resolve();
  private listener: ListenConnection | null = null;
  private closing: Promise<void> = Promise.resolve();
  private connecting = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;
  /** A connection was lost or could not be made: the next one must say hints may have been missed. */
  private missed = false;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    /** Opens the connection LISTEN holds for as long as someone listens. */
    private readonly openListenConnection: () => Promise<ListenConnection>,
    schema: string,
    private readonly options: { notify: boolean; shareEvents: boolean },
    /** Events committed by other processes (shareEvents), for the store's onEvents listeners. */
    private readonly onRemoteEvents: (events: TickworkEvent[]) => void,
    private readonly hasEventListeners: () => boolean,
  ) {
    this.channel = channelFor(schema);
  }

  onWake(listener: (wake: StoreWake) => void): () => void {
    const entry = (wake: StoreWake): void => listener(wake);
    this.wakeListeners.add(entry);
    this.updateListening();
    return () => {
      this.wakeListeners.delete(entry);
      this.updateListening();
    };
  }

  /** The store's onEvents listeners changed: with shareEvents, listening follows them. */
  updateListening(): void {
    const wanted = this.wakeListeners.size > 0 || (this.options.shareEvents && this.hasEventListeners());
    if (wanted && !this.closed) this.listen();
    else this.unlisten();
  }

  /** Called after a commit with the step's events and any hints its events do not imply. */
  publish(events: TickworkEvent[], extraWakes: StoreWake[] = []): void {
    const wakes = [...wakesFor(events), ...extraWakes];
    for (const wake of wakes) this.deliver(wake);
    if (this.closed) return;
    if (this.options.notify) this.pendingWakes.push(...wakes);
    if (this.options.shareEvents) this.pendingEvents.push(...events);
    if ((this.pendingWakes.length > 0 || this.pendingEvents.length > 0) && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushing = this.flushing.then(() => this.flush());
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unlisten();
    while (this.flushScheduled) await new Promise((resolve) => setImmediate(resolve));
    await this.flushing;
    await this.closing;
  }

  private deliver(wake: StoreWake): void {
    for (const listener of [...this.wakeListeners]) {
      try {
        listener(wake);
      } catch (error) {
        process.emitWarning(`a tickwork wake-up listener threw: ${String(error)}`, 'TickworkListenerWarning');
      }
    }
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const payloads = [
      ...wakePayloads(this.origin, this.pendingWakes),
      ...eventPayloads(this.origin, this.pendingEvents),
    ];
    this.pendingWakes = [];
    this.pendingEvents = [];
    if (payloads.length === 0) return;
    // A hint that cannot be sent is dropped: every loop also wakes on its own timer.
    await this.pool
      .query('SELECT pg_notify($1::text, p) FROM unnest($2::text[]) AS p', [this.channel, payloads])
      .catch(() => {});
  }

  private onNotification(message: pg.Notification): void {
    if (message.channel !== this.channel || message.payload === undefined) return;
    let payload: WakePayload;
    try {
      payload = JSON.parse(message.payload) as WakePayload;
    } catch {
      return;
    }
    if (payload.o === this.origin) return;
    for (const [namespace, queue, runAt] of payload.w ?? []) this.deliver({ kind: 'jobs', namespace, queue, runAt });
    if (payload.s) this.deliver({ kind: 'schedules' });
    if (payload.e && this.options.shareEvents) this.onRemoteEvents(payload.e);
  }

  private listen(): void {
    if (this.listener || this.connecting || this.reconnectTimer) return;
    this.connecting = true;
    void this.connect().finally(() => (this.connecting = false));
  }

  private async connect(): Promise<void> {
    let connection: ListenConnection | null = null;
    try {
      connection = await this.openListenConnection();
      const opened = connection;
      opened.client.on('notification', (message) => this.onNotification(message));
      opened.client.on('error', () => this.lost(opened));
      opened.client.on('end', () => this.lost(opened));
      await opened.client.query(`LISTEN "${this.channel}"`);
    } catch {
      void connection?.close(true);
      this.retryLater();
      return;
    }
    this.listener = connection;
    this.reconnectDelay = RECONNECT_MIN_MS;
    if (this.missed) this.deliver({ kind: 'reconnected' });
    this.missed = false;
    // Someone may have stopped listening while we connected.
    this.updateListening();
  }

  private lost(connection: ListenConnection): void {
    if (this.listener !== connection) return;
    this.listener = null;
    void connection.close(true);
    this.retryLater();
  }

  private retryLater(): void {
    this.missed = true;
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.updateListening();
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  private unlisten(): void {
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    const connection = this.listener;
    if (!connection) return;
    this.listener = null;
    this.closing = connection.close(false);
  }
}

/** A connection that LISTENs: a dedicated client, or one borrowed from the caller's pool. */
export interface ListenConnection {
  readonly client: pg.ClientBase;
  /** Ends or returns the connection; `destroy` when it failed. Never rejects. */
  close(destroy: boolean): Promise<void>;
}

/** A client of its own, so listening never takes a slot of the store's pool. */
export async function dedicatedListenConnection(config: pg.ClientConfig): Promise<ListenConnection> {
  const client = new pg.Client(config);
  client.on('error', () => {}); // reported through the listeners added next; never crash the process
  await client.connect();
  return { client, close: () => client.end().catch(() => {}) };
}

/** A connection borrowed from a caller's pool: UNLISTEN before it goes back, so no borrower hears us. */
export async function pooledListenConnection(pool: pg.Pool, channel: string): Promise<ListenConnection> {
  const client = await pool.connect();
  return {
    client,
    async close(destroy) {
      if (!destroy)
        destroy = await client.query(`UNLISTEN "${channel}"`).then(
          () => false,
          () => true,
        );
      client.release(destroy);
    },
  };
}

export function channelFor(schema: string): string {
  return `tickwork_${schema}`;
}

function wakePayloads(origin: string, wakes: StoreWake[]): string[] {
  if (wakes.length === 0) return [];
  const jobs: [string | null, string | null, number][] = [];
  let schedules = false;
  for (const wake of wakes) {
    if (wake.kind === 'jobs') jobs.push([wake.namespace, wake.queue, wake.runAt]);
    else if (wake.kind === 'schedules') schedules = true;
  }
  const payload: WakePayload = { o: origin, ...(jobs.length > 0 ? { w: jobs } : {}), ...(schedules ? { s: 1 } : {}) };
  let text = JSON.stringify(payload);
  if (Buffer.byteLength(text) > MAX_PAYLOAD) {
    // Too many queues at once: one "anything may be due from the earliest time" hint says enough.
    const earliest = Math.min(...jobs.map((j) => j[2]));
    text = JSON.stringify({ o: origin, w: [[null, null, earliest]], ...(schedules ? { s: 1 } : {}) });
  }
  return [text];
}

function eventPayloads(origin: string, events: TickworkEvent[]): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  let size = 0;
  const prefix = `{"o":"${origin}","e":[`;
  for (const event of events) {
    let text = JSON.stringify(event);
    if (Buffer.byteLength(text) > MAX_EVENT) text = JSON.stringify({ ...event, data: null });
    const bytes = Buffer.byteLength(text) + 1;
    if (batch.length > 0 && prefix.length + size + bytes + 2 > MAX_PAYLOAD) {
      payloads.push(`${prefix}${batch.join(',')}]}`);
      batch = [];
      size = 0;
    }
    batch.push(text);
    size += bytes;
  }
  if (batch.length > 0) payloads.push(`${prefix}${batch.join(',')}]}`);
  return payloads;
}

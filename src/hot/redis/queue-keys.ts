import type { QueueRef } from '../hot-tier.js';

/**
 * Key layout. Every key of one queue shares the hash tag `{<prefix>:<namespace>:<queue>}`, so a
 * queue's keys live in one Redis Cluster slot and one Lua script may touch them all. Scripts get
 * every key in KEYS (never built inside Lua). Names are escaped so that `:`, `{`, `}` in a namespace
 * or queue cannot make two queues share a tag (or break the tag).
 *
 *   {tw:ns:q}:j   hash    job id → record (six lines, see record-codec.ts)
 *   {tw:ns:q}:d   zset    delayed: score runAt
 *   {tw:ns:q}:w   zset    ready (waiting): score priority·2^42 + runAt
 *   {tw:ns:q}:a   zset    active (running): score leaseUntil
 *   {tw:ns:q}:m   hash    queue settings: `paused`, `concurrency`
 *   {tw:ns:q}:l   stream  change log; consumer group `flush`
 *   {tw:ns:q}:q   hash    quarantine: job id → JSON { raw, reason, at }
 *   {tw:ns:q}:wake        shard channel: wake-up hints (SPUBLISH/SSUBSCRIBE), named in KEYS too
 *   {tw}:queues   set     registry of queues (`ns:q`, escaped), for the flusher and reconciler
 */
export interface QueueKeys {
  jobs: string;
  delayed: string;
  ready: string;
  active: string;
  meta: string;
  log: string;
  quarantine: string;
  /** A shard channel, not a key: scripts name it in KEYS so Cluster routes the publish with them. */
  wake: string;
}

export type QueueKeyName = keyof QueueKeys;

/** The consumer group every change log has (created with the log). */
export const LOG_GROUP = 'flush';

function escape(part: string): string {
  return part.replace(/[%:{}]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function unescape(part: string): string {
  return part.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export class KeyLayout {
  readonly registry: string;
  private readonly cache = new Map<string, QueueKeys>();

  constructor(readonly prefix: string) {
    this.registry = `{${escape(prefix)}}:queues`;
  }

  /** The registry member naming a queue. */
  member(queue: QueueRef): string {
    return `${escape(queue.namespace)}:${escape(queue.queue)}`;
  }

  parseMember(member: string): QueueRef | null {
    const parts = member.split(':');
    if (parts.length !== 2) return null;
    return { namespace: unescape(parts[0]!), queue: unescape(parts[1]!) };
  }

  keys(queue: QueueRef): QueueKeys {
    const member = this.member(queue);
    let keys = this.cache.get(member);
    if (!keys) {
      const tag = `{${escape(this.prefix)}:${member}}`;
      keys = {
        jobs: `${tag}:j`,
        delayed: `${tag}:d`,
        ready: `${tag}:w`,
        active: `${tag}:a`,
        meta: `${tag}:m`,
        log: `${tag}:l`,
        quarantine: `${tag}:q`,
        wake: `${tag}:wake`,
      };
      // Bounded: a process talks to a bounded set of queues; the cache only saves string building.
      if (this.cache.size < 10_000) this.cache.set(member, keys);
    }
    return keys;
  }
}

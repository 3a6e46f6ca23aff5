import type { Cluster, Redis } from 'ioredis';
import type { QueueRef } from '../hot-tier.js';
import type { QueueKeys } from './queue-keys.js';
import { ReplyReader } from './reply.js';
import { toHotTierError } from './redis-errors.js';
import { loadScripts, type LoadedScript, type ScriptName } from './script-loader.js';

/** A record a script moved to quarantine: reported to the hot tier's listeners. */
export interface QuarantineReport {
  id: string;
  reason: string;
  raw: string;
}

type ScriptCommand = (...args: (string | number)[]) => Promise<unknown>;

/**
 * Runs the Lua scripts: registers them with ioredis `defineCommand` (EVALSHA, falling back to EVAL
 * after a restart emptied the script cache), passes each the queue keys its header documents, maps
 * connection failures to HotTierUnavailableError, and hands the quarantine list every script returns
 * first to `onQuarantined`.
 */
export class ScriptRunner {
  private readonly scripts: Map<ScriptName, LoadedScript>;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly onQuarantined: (queue: QueueRef, reports: QuarantineReport[]) => void,
  ) {
    this.scripts = loadScripts();
    for (const script of this.scripts.values()) {
      // defineCommand is idempotent per name; versioned names keep two tickwork versions apart.
      redis.defineCommand(script.command, { numberOfKeys: script.keys.length, lua: script.lua });
    }
  }

  /** Runs a script on one queue; returns a reader over its reply after the quarantine list. */
  async run(
    name: ScriptName,
    queue: QueueRef,
    keys: QueueKeys,
    args: readonly (string | number)[],
  ): Promise<ReplyReader> {
    const script = this.scripts.get(name)!;
    const command = (this.redis as unknown as Record<string, ScriptCommand>)[script.command]!;
    let reply: unknown;
    try {
      reply = await command.call(this.redis, ...script.keys.map((k) => keys[k]), ...args);
    } catch (error) {
      throw toHotTierError(error);
    }
    if (!Array.isArray(reply) || !Array.isArray(reply[0])) {
      throw new Error(`hot tier: unexpected reply from ${name}: not [quarantined, ...]`);
    }
    const quarantined = reply[0] as unknown[];
    if (quarantined.length > 0) this.onQuarantined(queue, readQuarantine(quarantined));
    return new ReplyReader(reply, name, 1);
  }
}

function readQuarantine(values: unknown[]): QuarantineReport[] {
  const reader = new ReplyReader(values, 'quarantine list');
  const reports: QuarantineReport[] = [];
  while (reader.remaining >= 3) {
    reports.push({ id: reader.string(), reason: reader.string(), raw: reader.string() });
  }
  return reports;
}

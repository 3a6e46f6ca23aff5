import { readFileSync } from 'node:fs';
import type { QueueKeyName } from './queue-keys.js';

/**
 * Loads the Lua scripts from `lua/` next to this module (the build copies the .lua files beside the
 * JS). Each script opens with a comment block documenting its KEYS and ARGV slots; the KEYS lines
 * (`KEYS[1] jobs ...`) are parsed here and are the single source of which queue keys a script takes,
 * in which order. `--@include "name"` lines are replaced by `lua/includes/name.lua` (each at most once
 * per script), so scripts share snippets without Redis-side modules.
 */

/** Bump when a script's behaviour or the record format changes: scripts register as `tw<version>_<name>`. */
export const SCRIPT_VERSION = 1;

export const SCRIPT_NAMES = [
  'push',
  'move-due',
  'claim',
  'extend-leases',
  'report-progress',
  'finish',
  'get-jobs',
  'pause-job',
  'resume-job',
  'update-job',
  'cancel-job',
  'delete-job',
  'demote-job',
  'set-queue-paused',
  'set-concurrency',
  'queue-info',
  'next-due',
  'expired-leases',
  'reap-expired',
  'retire',
  'quarantine',
  'ack-changes',
] as const;

export type ScriptName = (typeof SCRIPT_NAMES)[number];

export interface LoadedScript {
  name: ScriptName;
  /** The ioredis command it is registered under, e.g. `tw1_claim`. */
  command: string;
  /** The queue keys it takes, in KEYS order. */
  keys: QueueKeyName[];
  lua: string;
}

const LUA_DIR = new URL('./lua/', import.meta.url);
const KEY_NAMES: ReadonlySet<string> = new Set<QueueKeyName>([
  'jobs',
  'delayed',
  'ready',
  'active',
  'meta',
  'log',
  'quarantine',
  'wake',
]);
const INCLUDE = /^--@include "([a-z0-9-]+)"[ \t]*$/gm;
const KEYS_LINE = /^\s*KEYS\[(\d+)\]\s+([a-z]+)/gm;

function readLua(path: string): string {
  return readFileSync(new URL(path, LUA_DIR), 'utf8');
}

function inline(source: string, seen: Set<string>): string {
  return source.replace(INCLUDE, (_, include: string) => {
    if (seen.has(include)) return `-- (${include} included above)`;
    seen.add(include);
    return `-- ── include ${include} ──\n${inline(readLua(`includes/${include}.lua`), seen)}`;
  });
}

/** The KEYS a script documents, in order; throws when they are not KEYS[1..n] of known names. */
export function documentedKeys(name: string, source: string): QueueKeyName[] {
  const header = /^--\[\[([\s\S]*?)\]\]/.exec(source);
  if (!header) throw new Error(`lua/${name}.lua: no --[[ ]] header block`);
  const keys: QueueKeyName[] = [];
  for (const match of header[1]!.matchAll(KEYS_LINE)) {
    const [, slot, keyName] = match;
    if (Number(slot) !== keys.length + 1) throw new Error(`lua/${name}.lua: KEYS[${slot}] out of order`);
    if (!KEY_NAMES.has(keyName!)) throw new Error(`lua/${name}.lua: unknown key name "${keyName}"`);
    keys.push(keyName as QueueKeyName);
  }
  return keys;
}

export function loadScript(name: ScriptName): LoadedScript {
  const source = readLua(`${name}.lua`);
  return {
    name,
    command: `tw${SCRIPT_VERSION}_${name.replace(/-/g, '_')}`,
    keys: documentedKeys(name, source),
    lua: inline(source, new Set()),
  };
}

/** Every script, read from disk (a few kB; each hot tier reads them once when it is created). */
export function loadScripts(): Map<ScriptName, LoadedScript> {
  return new Map(SCRIPT_NAMES.map((name) => [name, loadScript(name)]));
}

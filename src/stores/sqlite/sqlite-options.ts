/**
 * Options of `SqliteStore.open`.
 *
 * Durability: the store runs in WAL mode. With `synchronous = NORMAL` (the default) a committed call
 * survives the process crashing or being SIGKILLed — the requirement, tested in test/durability — since
 * the commit is in the WAL file the moment the call returns; only an OS crash or power loss can lose
 * the last commits (the WAL is fsynced at checkpoints, not at every commit). `FULL` fsyncs every
 * commit, and survives power loss too, at a large cost in commits per second.
 */
export interface SqliteStoreOptions {
  /** The database file (created when missing); `:memory:` for a private in-memory database. */
  path: string;
  /**
   * Create or upgrade the schema while opening: the embedded mode owns its file. Default false — then
   * call `migrate()` before anything else when the file is new or older than this code.
   */
  migrate?: boolean;
  /** `NORMAL` (default): durable against process crashes; `FULL`: also against power loss. */
  synchronous?: 'NORMAL' | 'FULL';
  /** How long a call waits for another connection's write lock before StoreUnavailableError. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Page cache size in KiB. Default 32768 (32 MiB). */
  cacheKiB?: number;
  /**
   * Checkpoint the WAL from a background thread instead of inside commits (see checkpointer.ts): keeps
   * the 10–20 ms checkpoint stalls out of store calls. Default true; ignored for `:memory:`.
   */
  backgroundCheckpoints?: boolean;
}

export interface ResolvedSqliteOptions {
  path: string;
  migrate: boolean;
  synchronous: 'NORMAL' | 'FULL';
  busyTimeoutMs: number;
  cacheKiB: number;
  backgroundCheckpoints: boolean;
}

export function resolveSqliteOptions(options: SqliteStoreOptions): ResolvedSqliteOptions {
  if (typeof options?.path !== 'string' || options.path === '') throw new TypeError('SqliteStore: `path` is required');
  const synchronous = options.synchronous ?? 'NORMAL';
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') {
    throw new TypeError(`SqliteStore: synchronous must be NORMAL or FULL, not ${String(synchronous)}`);
  }
  return {
    path: options.path,
    migrate: options.migrate ?? false,
    synchronous,
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    cacheKiB: options.cacheKiB ?? 32_768,
    backgroundCheckpoints: options.backgroundCheckpoints ?? true,
  };
}

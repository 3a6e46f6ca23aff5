import type { Database } from 'better-sqlite3';
import { SchemaTooNewError, TickworkError } from '../../core/errors.js';
import { readMigrations, type Migration } from './sql-files.js';

const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS tickwork_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  applied_at INTEGER NOT NULL
)`;

/**
 * Applies the numbered migrations a database lacks, each in its own IMMEDIATE transaction (so two
 * processes migrating at once serialise, and the second finds nothing left to do). A database whose
 * schema is newer than this code is refused (SchemaTooNewError) and left untouched.
 */
export class Migrator {
  private readonly migrations: Migration[];

  constructor(private readonly db: Database) {
    this.migrations = readMigrations();
  }

  /** The newest schema version this code knows. */
  get latest(): number {
    return this.migrations.length;
  }

  /** The database's schema version: 0 when it has none. */
  current(): number {
    const table = this.db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tickwork_migrations'`)
      .get();
    if (!table) return 0;
    const row = this.db.prepare('SELECT MAX(version) AS v FROM tickwork_migrations').get() as { v: number | null };
    return row.v ?? 0;
  }

  migrate(now = Date.now()): void {
    this.db.exec(VERSION_TABLE);
    for (const migration of this.migrations) {
      this.db
        .transaction(() => {
          const found = this.current();
          if (found > this.latest) throw new SchemaTooNewError(found, this.latest);
          if (found >= migration.version) return;
          this.db.exec(migration.sql);
          this.db
            .prepare('INSERT INTO tickwork_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(migration.version, migration.name, now);
        })
        .immediate();
    }
    this.assertCurrent();
  }

  /** Throws unless the schema is exactly the one this code knows. */
  assertCurrent(): void {
    const found = this.current();
    if (found > this.latest) throw new SchemaTooNewError(found, this.latest);
    if (found < this.latest) {
      throw new TickworkError('INVALID_STATE', `schema: version ${found} is older than ${this.latest}; run migrate()`, {
        field: 'schema',
        details: { found, supported: this.latest },
      });
    }
  }
}

import { SchemaTooNewError } from '../../core/errors.js';
import type { Db } from './db.js';

/**
 * Brings the schema up to the newest migration this code ships, in one transaction. Safe when several
 * processes start at once: a transaction-scoped advisory lock keyed by the schema name serialises them,
 * so the first applies the migrations and the others find nothing left to do. Taken before
 * `CREATE SCHEMA IF NOT EXISTS`, which itself races (a unique violation) when run concurrently.
 *
 * Refuses a schema whose version is newer than the code (SchemaTooNewError): an old process must not
 * write rows a newer one has given another meaning. Forward-only: there are no down migrations.
 */
export async function migrate(db: Db): Promise<{ from: number; to: number }> {
  const migrations = db.sql.migrations();
  const latest = migrations.at(-1)?.version ?? 0;
  const schema = db.sql.schema;
  return db.transaction(async (tx) => {
    await tx.raw(`SELECT pg_advisory_xact_lock(hashtextextended('tickwork.migrate:' || $1::text, 0))`, [schema]);
    await tx.raw(db.sql.render('CREATE SCHEMA IF NOT EXISTS :SCHEMA'));
    await tx.raw(
      db.sql.render(`CREATE TABLE IF NOT EXISTS :SCHEMA.migrations (
         version    integer PRIMARY KEY,
         name       text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`),
    );
    const [row] = await tx.raw<{ version: number | null }>(
      db.sql.render('SELECT max(version) AS version FROM :SCHEMA.migrations'),
    );
    const current = row?.version ?? 0;
    if (current > latest) throw new SchemaTooNewError(current, latest);
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await tx.raw(migration.sql);
      await tx.raw(db.sql.render('INSERT INTO :SCHEMA.migrations (version, name) VALUES ($1, $2)'), [
        migration.version,
        migration.name,
      ]);
    }
    return { from: current, to: Math.max(current, latest) };
  });
}

import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

/**
 * The SQL lives in .sql files next to this module (the build copies them beside the JS): numbered
 * migrations in migrations/, one named statement per file in queries/. Every file writes the schema as
 * `:SCHEMA`, replaced here by the quoted schema name, so one text serves any schema.
 */
const QUERIES_DIR = new URL('./queries/', import.meta.url);
const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const MIGRATION_RE = /^(\d{3})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  /** The SQL with the schema filled in. */
  sql: string;
}

export class SqlFiles {
  private readonly cache = new Map<string, string>();
  private readonly quoted: string;

  constructor(readonly schema: string) {
    this.quoted = pg.escapeIdentifier(schema);
  }

  /** The statement in queries/<name>.sql, read once per store. */
  query(name: string): string {
    let text = this.cache.get(name);
    if (text === undefined) {
      text = this.render(readFileSync(new URL(`${name}.sql`, QUERIES_DIR), 'utf8'));
      this.cache.set(name, text);
    }
    return text;
  }

  /** Every migration, oldest first. */
  migrations(): Migration[] {
    return readdirSync(MIGRATIONS_DIR)
      .filter((file) => MIGRATION_RE.test(file))
      .sort()
      .map((file) => ({
        version: Number(file.slice(0, 3)),
        name: file.slice(4, -4),
        sql: this.render(readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8')),
      }));
  }

  /** Fills in the schema of a statement written with `:SCHEMA`. */
  render(text: string): string {
    return text.replaceAll(':SCHEMA', this.quoted);
  }
}

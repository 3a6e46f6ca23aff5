import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Migrator } from '../../src/stores/sqlite/migrator.js';
import { readMigrations, readQueries } from '../../src/stores/sqlite/sql-files.js';
import { positional, prepareStatements } from '../../src/stores/sqlite/statements.js';

function plan(db: Database.Database, file: string, name: string): string {
  const sql = readQueries(file).get(name);
  if (sql === undefined) throw new Error(`no ${file}/${name}`);
  const p = positional(sql);
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${p.sql}`).all(p.names.map(() => null)) as { detail: string }[];
  return rows.map((r) => r.detail).join(' | ');
}

describe('SQLite SQL files', () => {
  it('numbers the migrations from 1 without gaps', () => {
    const migrations = readMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations[0]!.name).toBe('init');
  });

  it('prepares every named statement against the schema, and uses every one', () => {
    const db = new Database(':memory:');
    new Migrator(db).migrate();
    expect(() => prepareStatements(db)).not.toThrow();
  });

  it('expands fragments and rewrites named parameters by position, repeats included', () => {
    expect(readQueries('jobs').get('get-job')).toMatch(/^SELECT json_array\(seq, namespace, id,/);
    const p = positional('SELECT @a, @b -- not @c\nWHERE x = @a');
    expect(p).toEqual({ sql: 'SELECT ?, ? \nWHERE x = ?', names: ['a', 'b', 'a'] });
  });

  it('keeps the hot statements on their indexes', () => {
    const db = new Database(':memory:');
    new Migrator(db).migrate();
    const expectations: [string, string, RegExp][] = [
      ['worker', 'next-claimable-priority', /USING INDEX jobs_claimable \(priority>\?\)/],
      ['worker', 'due-at-priority', /USING INDEX jobs_claimable \(priority=\? AND run_at<\?\)/],
      ['worker', 'next-due-at-priority', /USING INDEX jobs_claimable \(priority=\?\)/],
      ['worker', 'claim-jobs', /USING INTEGER PRIMARY KEY/],
      ['worker', 'finish-jobs', /SCAN json_each.*USING INTEGER PRIMARY KEY.*USING INDEX jobs_id \(id=\?\)/],
      ['worker', 'extend-lease', /USING INDEX jobs_id \(id=\?\)/],
      ['worker', 'expired-leases', /USING INDEX jobs_running/],
      ['jobs', 'get-job', /USING INDEX jobs_id \(id=\? AND namespace=\?\)/],
      ['jobs', 'get-live-key-holder', /USING INDEX jobs_live_key/],
      ['jobs', 'live-occurrences', /USING INDEX jobs_live_occurrences/],
      ['jobs', 'list-jobs', /USING INDEX jobs_created \(namespace=\?\)/],
      ['schedules', 'acquire-schedules', /USING INDEX schedules_due/],
      ['schedules', 'next-unleased-fire', /USING INDEX schedules_due/],
      ['schedules', 'next-leased-fire', /USING INDEX schedules_leased/],
    ];
    for (const [file, name, expected] of expectations)
      expect(plan(db, file, name), `${file}/${name}`).toMatch(expected);
    expect(plan(db, 'worker', 'due-at-priority')).not.toMatch(/TEMP B-TREE/);
    expect(plan(db, 'jobs', 'list-jobs')).not.toMatch(/TEMP B-TREE/);
  });
});

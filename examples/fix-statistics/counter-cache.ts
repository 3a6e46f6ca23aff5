import type Database from 'better-sqlite3';

/**
 * The cached counters the app reads instead of running COUNT(*) (seed 003 keeps them in Redis sorted
 * sets). A repair replaces a whole set in one step, so a reader sees either the old or the new counts,
 * never a half-written mix.
 */
export interface CounterCache {
  replace(name: string, counts: Map<number, number>): Promise<void>;
  read(name: string): Promise<Map<number, number>>;
}

/** The embedded default: a table in the app's SQLite file, replaced in one transaction. */
export class SqliteCounterCache implements CounterCache {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS counter_cache (name TEXT NOT NULL, member INTEGER NOT NULL,
      score INTEGER NOT NULL, PRIMARY KEY (name, member))`);
  }

  async replace(name: string, counts: Map<number, number>): Promise<void> {
    const insert = this.db.prepare('INSERT INTO counter_cache (name, member, score) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM counter_cache WHERE name = ?').run(name);
      for (const [member, score] of counts) insert.run(name, member, score);
    })();
  }

  async read(name: string): Promise<Map<number, number>> {
    const rows = this.db.prepare('SELECT member, score FROM counter_cache WHERE name = ?').all(name) as {
      member: number;
      score: number;
    }[];
    return new Map(rows.map((r) => [r.member, r.score]));
  }
}

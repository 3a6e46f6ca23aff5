import Database from 'better-sqlite3';

/** The application's tables (seed 001/003): users write articles and follow each other. */
export function openAppDb(path = ':memory:'): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS follows (follower_id INTEGER NOT NULL, followee_id INTEGER NOT NULL,
      PRIMARY KEY (follower_id, followee_id));
  `);
  return db;
}

/** Fills the tables with a small, deterministic community. */
export function seedAppDb(db: Database.Database, users = 20): void {
  const insertUser = db.prepare('INSERT INTO users (id, name) VALUES (?, ?)');
  const insertArticle = db.prepare('INSERT INTO articles (user_id, deleted) VALUES (?, ?)');
  const insertFollow = db.prepare('INSERT OR IGNORE INTO follows (follower_id, followee_id) VALUES (?, ?)');
  db.transaction(() => {
    for (let u = 1; u <= users; u++) {
      insertUser.run(u, `user${u}`);
      for (let a = 0; a < u % 7; a++) insertArticle.run(u, a === 0 && u % 3 === 0 ? 1 : 0);
      for (let f = 1; f <= u % 5; f++) insertFollow.run(u, ((u + f * 3) % users) + 1);
    }
  })();
}

/** The true counts, from SQL: what the cached counters must equal after a repair. */
export function countFromSql(db: Database.Database): {
  articles: Map<number, number>;
  followings: Map<number, number>;
} {
  const articles = db
    .prepare('SELECT user_id AS id, COUNT(*) AS n FROM articles WHERE deleted = 0 GROUP BY user_id')
    .all() as { id: number; n: number }[];
  const followings = db.prepare('SELECT follower_id AS id, COUNT(*) AS n FROM follows GROUP BY follower_id').all() as {
    id: number;
    n: number;
  }[];
  return {
    articles: new Map(articles.map((r) => [r.id, r.n])),
    followings: new Map(followings.map((r) => [r.id, r.n])),
  };
}

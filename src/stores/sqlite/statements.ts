import type { Database, Statement } from 'better-sqlite3';
import { readQueries } from './sql-files.js';

/** Every named statement of queries/*.sql, by file. Prepared once per store and cached. */
const FILES = {
  jobs: [
    'insert-job',
    'get-job',
    'get-live-key-holder',
    'write-job',
    'delete-job',
    'delete-job-events',
    'insert-event',
    'list-job-events',
    'list-jobs',
    'live-occurrences',
  ],
  worker: [
    'next-claimable-priority',
    'due-at-priority',
    'paused-queues',
    'claim-jobs',
    'started-events',
    'fenced-job',
    'extend-lease',
    'set-progress',
    'finish-job',
    'expired-leases',
    'next-due-at-priority',
    'next-due-any',
    'job-by-seq',
  ],
  queues: ['set-queue-paused', 'queue-switches', 'queue-counts'],
  schedules: [
    'get-schedule',
    'insert-schedule',
    'write-schedule',
    'delete-schedule',
    'list-schedules',
    'acquire-schedules',
    'release-schedule',
    'next-unleased-fire',
    'next-leased-fire',
  ],
} as const;

export type StatementName = (typeof FILES)[keyof typeof FILES][number];
export type Statements = Record<StatementName, Statement>;

export function prepareStatements(db: Database): Statements {
  const prepared = {} as Statements;
  for (const [file, names] of Object.entries(FILES)) {
    const queries = readQueries(file);
    for (const name of names) {
      const sql = queries.get(name);
      if (sql === undefined) throw new Error(`queries/${file}.sql has no statement "${name}"`);
      prepared[name] = db.prepare(sql);
      queries.delete(name);
    }
    if (queries.size > 0) throw new Error(`queries/${file}.sql: unused statements ${[...queries.keys()].join(', ')}`);
  }
  return prepared;
}

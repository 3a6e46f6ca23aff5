import pg from 'pg';
import { mapPostgresError } from './map-error.js';
import type { SqlFiles } from './sql-files.js';

/** int8 columns hold epoch milliseconds and counts: numbers, not pg's default strings. */
const INT8_OID = 20;
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export type Row = Record<string, unknown>;

/** Runs the named statements of queries/*.sql, on the pool or inside one transaction. */
export interface Queryable {
  run<R extends Row = Row>(name: string, values?: unknown[]): Promise<R[]>;
}

async function execute<R extends Row>(
  target: pg.Pool | pg.PoolClient,
  text: string,
  values: unknown[],
  schema: string,
): Promise<R[]> {
  try {
    const result = await target.query<R>({ text, values, types: TYPES });
    return result.rows;
  } catch (error) {
    throw mapPostgresError(error, schema);
  }
}

export class Db implements Queryable {
  constructor(
    readonly pool: pg.Pool,
    readonly sql: SqlFiles,
  ) {}

  run<R extends Row = Row>(name: string, values: unknown[] = []): Promise<R[]> {
    return execute<R>(this.pool, this.sql.query(name), values, this.sql.schema);
  }

  /** Raw SQL (migrations, admin statements); queries go through `run`. */
  raw<R extends Row = Row>(text: string, values: unknown[] = []): Promise<R[]> {
    return execute<R>(this.pool, text, values, this.sql.schema);
  }

  /**
   * Runs `fn` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. A
   * connection that failed is destroyed rather than returned to the pool.
   */
  async transaction<T>(fn: (tx: Queryable & { raw: Db['raw'] }) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw mapPostgresError(error, this.sql.schema);
    }
    const tx = {
      run: <R extends Row = Row>(name: string, values: unknown[] = []) =>
        execute<R>(client, this.sql.query(name), values, this.sql.schema),
      raw: <R extends Row = Row>(text: string, values: unknown[] = []) =>
        execute<R>(client, text, values, this.sql.schema),
    };
    let broken: Error | undefined;
    try {
      await tx.raw('BEGIN');
      const result = await fn(tx);
      await tx.raw('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

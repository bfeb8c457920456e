import 'server-only';
import pg from 'pg';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver';

const LOCK_TIMEOUT_MS = 2000;

/** PostgreSQL's limit on parameters in one statement. */
const MAX_PARAMS = 65_535;

/** BIGINT and DOUBLE come back as numbers (our values are ms timestamps and offsets, well inside 2^53). */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 701 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** `?` placeholders → `$1, $2, …` (our SQL never has a literal question mark). */
export function numberPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

function executorOn(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async all<Row extends SqlRow>(sql: string, params: readonly SqlValue[] = []) {
      const result = await client.query({ text: numberPlaceholders(sql), values: [...params], types });
      return result.rows as Row[];
    },
    async run(sql, params = []) {
      const result = await client.query({ text: numberPlaceholders(sql), values: [...params], types });
      return result.rowCount ?? 0;
    },
    async insertMany(table, columns, rows, conflict = '') {
      const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement);
        let index = 0;
        const values = chunk.map((row) => `(${row.map(() => `$${++index}`).join(', ')})`).join(', ');
        await client.query({ text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ${conflict}`, values: chunk.flat() });
      }
    },
  };
}

/** PostgreSQL through pg: a small pool; each transaction on one client. */
export function openPostgresDriver(connectionString: string): SqlDriver {
  const pool = new pg.Pool({
    connectionString,
    max: 3,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    // A locked table or a stuck server fails the write (a visible status) instead of queueing cycles forever.
    lock_timeout: LOCK_TIMEOUT_MS,
    statement_timeout: 60_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', (error) => console.error('[clusterscope] history database connection:', error.message));
  return {
    dialect: 'postgres',
    ...executorOn(pool),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // The server may end the session between two statements (idle_in_transaction_session_timeout, a restart):
      // a checked-out client has no pool listener, and an unheard 'error' would end the process. The next query fails instead.
      const onSessionEnded = () => undefined;
      client.on('error', onSessionEnded);
      try {
        await client.query('BEGIN');
        const value = await work(executorOn(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.removeListener('error', onSessionEnded);
        client.release();
      }
    },
    async sizeBytes() {
      const result = await pool.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size');
      return Number(result.rows[0].size);
    },
    async close() {
      await pool.end();
    },
  };
}

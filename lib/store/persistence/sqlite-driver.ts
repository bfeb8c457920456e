import 'server-only';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver';

/**
 * better-sqlite3 blocks the event loop while it waits for a lock, so the wait
 * is short: a locked database fails this write (a visible status) rather than
 * stalling every request.
 */
const BUSY_TIMEOUT_MS = 200;

/** SQLite through better-sqlite3: a file in WAL mode, or `:memory:`. */
export function openSqliteDriver(file: string): SqlDriver {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // WAL + NORMAL: a crash loses at most the last transactions, never half of one.
  db.pragma('synchronous = NORMAL');
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const executor: SqlExecutor = {
    async all<Row extends SqlRow>(sql: string, params: readonly SqlValue[] = []) {
      return prepared(sql).all(...params) as Row[];
    },
    async run(sql, params = []) {
      return prepared(sql).run(...params).changes;
    },
    async insertMany(table, columns, rows, conflict = '') {
      if (rows.length === 0) return;
      const statement = prepared(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ${conflict}`);
      for (const row of rows) statement.run(...row);
    },
  };

  // One transaction at a time on this connection: reads may interleave, writes queue.
  let tail: Promise<unknown> = Promise.resolve();
  return {
    dialect: 'sqlite',
    ...executor,
    transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const result = tail.then(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const value = await work(executor);
          db.exec('COMMIT');
          return value;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      });
      tail = result.catch(() => undefined);
      return result;
    },
    async sizeBytes() {
      if (file === ':memory:') {
        const pages = db.pragma('page_count', { simple: true }) as number;
        return pages * (db.pragma('page_size', { simple: true }) as number);
      }
      return [file, `${file}-wal`, `${file}-shm`].reduce((sum, path) => sum + (fs.statSync(path, { throwIfNoEntry: false })?.size ?? 0), 0);
    },
    async close() {
      await tail;
      db.close();
    },
  };
}

/**
 * The little an engine must provide: queries with `?` placeholders, a
 * transaction, a multi-row insert and its size on disk. Everything else
 * (schema, reads, retention) is written once in sql-history-store.ts.
 */
export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  all<Row extends SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Inserts many rows; `conflict` is an ON CONFLICT clause, e.g. 'ON CONFLICT (a, b) DO NOTHING'. */
  insertMany(table: string, columns: readonly string[], rows: readonly SqlValue[][], conflict?: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}

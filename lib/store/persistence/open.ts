import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { openPostgresDriver } from './postgres-driver';
import { SqlHistoryStore } from './sql-history-store';
import { openSqliteDriver } from './sqlite-driver';
import type { HistoryStore } from './types';

export const SQLITE_FILE_NAME = 'clusterscope.sqlite';

export type OpenStoreOptions =
  | { engine: 'memory' }
  | { engine: 'sqlite'; dataDir: string }
  | { engine: 'postgres'; url: string };

/** "postgres://user:secret@host:5432/db" → "postgres://host:5432/db": where it is, never who with what password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/** Opens (and migrates) the configured engine; throws a readable error when it cannot. */
export async function openHistoryStore(options: OpenStoreOptions): Promise<HistoryStore> {
  switch (options.engine) {
    case 'memory':
      return SqlHistoryStore.open('memory', 'memory (lost on restart)', openSqliteDriver(':memory:'));
    case 'sqlite': {
      fs.mkdirSync(options.dataDir, { recursive: true });
      const file = path.join(/*turbopackIgnore: true*/ options.dataDir, SQLITE_FILE_NAME);
      return SqlHistoryStore.open('sqlite', file, openSqliteDriver(file));
    }
    case 'postgres':
      return SqlHistoryStore.open('postgres', describePostgresUrl(options.url), openPostgresDriver(options.url));
    default: {
      const unknown: never = options;
      throw new Error(`unknown storage engine ${JSON.stringify(unknown)}`);
    }
  }
}

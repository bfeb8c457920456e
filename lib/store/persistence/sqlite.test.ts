import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeHistoryStore } from './testing/history-store-suite';
import { openSqliteDriver } from './sqlite-driver';

describeHistoryStore('sqlite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterscope-sqlite-'));
  const file = path.join(dir, 'history.sqlite');
  return { driver: () => openSqliteDriver(file), location: file, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
});

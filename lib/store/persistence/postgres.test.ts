import { afterAll, beforeAll } from 'vitest';
import { describeHistoryStore } from './testing/history-store-suite';
import { startPrivatePostgres, type PrivatePostgres } from './testing/private-postgres';
import { openPostgresDriver } from './postgres-driver';

let server: PrivatePostgres;
beforeAll(async () => {
  server = await startPrivatePostgres();
});
afterAll(async () => {
  await server?.stop();
});

describeHistoryStore('postgres', async () => {
  const database = await server.createDatabase();
  return { driver: () => openPostgresDriver(database.url), location: database.url, cleanup: database.drop };
});

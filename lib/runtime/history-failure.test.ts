import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { storageConfigSchema } from '@/lib/store/persistence/config';
import { emptyBatch } from '@/lib/store/persistence/testing/history-store-suite';
import { SQLITE_FILE_NAME } from '@/lib/store/persistence/open';
import { openPostgresDriver } from '@/lib/store/persistence/postgres-driver';
import { SqlHistoryStore } from '@/lib/store/persistence/sql-history-store';
import { startPrivatePostgres } from '@/lib/store/persistence/testing/private-postgres';
import pg from 'pg';
import { openSqliteDriver } from '@/lib/store/persistence/sqlite-driver';
import { HistoryWriter } from '@/lib/store/persistence/writer';
import { incidentsDashboard } from './testing/incidents-dashboard';
import { attachHistory, historySlot, stopHistory, storageView } from './history';

/** A database that cannot be written is a visible status; the live views keep working from memory. */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterscope-history-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('history that cannot be written', () => {
  it('a locked database fails the writes visibly while findings and node statuses stay live, and writing resumes once unlocked', async () => {
    const { demo, runtime, dashboard } = await incidentsDashboard(cleanups);
    const dataDir = tempDir();
    await attachHistory(dashboard, storageConfigSchema.parse({ engine: 'sqlite', dataDir }), {});
    cleanups.push(() => stopHistory());
    const writer = historySlot().writer!;
    // The start-up retention pass ends first (it holds the write lock while it runs).
    await writer.flush();
    expect(storageView().status!.size).not.toBeNull();

    // Another process holds the write lock.
    const locker = new Database(path.join(dataDir, SQLITE_FILE_NAME), { timeout: 2000 });
    cleanups.push(() => void locker.close());
    locker.exec('BEGIN EXCLUSIVE');
    const crashed = await fetch(`${demo.controlUrl}/clusters/incidents/nodes/node-2/crash`, { method: 'POST' });
    expect(crashed.ok).toBe(true);
    await runtime.collector.runCycle();
    await writer.flush();

    expect(storageView().status).toMatchObject({ state: 'failing', cyclesFailed: 1, cyclesWritten: 0 });
    expect(storageView().status!.lastError!.message).toMatch(/locked|busy/i);
    // Live, from memory: the crash is seen and judged.
    expect(runtime.nodeSummary('node-2')!.status).toBe('unreachable');
    expect(runtime.findings().active.map((finding) => finding.id)).toContain('node.unreachable:node::node-2');

    locker.exec('COMMIT');
    await runtime.collector.runCycle();
    await writer.flush();
    expect(storageView().status).toMatchObject({ state: 'ok', cyclesWritten: 1 });
    expect((await writer.store.openFindings('incidents')).map((finding) => finding.id)).toContain('node.unreachable:node::node-2');
  });

  it('a full disk fails the write with the database\'s own message and loses nothing already stored', async () => {
    const dir = tempDir();
    const driver = openSqliteDriver(path.join(dir, 'full.sqlite'));
    const store = await SqlHistoryStore.open('sqlite', dir, driver);
    cleanups.push(() => store.close());
    const writer = new HistoryWriter(store, { maxBytes: 1024 ** 3, schemaVersion: 2 });
    writer.enqueue('c1', emptyBatch(1000));
    await writer.flush();
    // The file may not grow past its current pages: as a full disk does to SQLite.
    const pages = (await driver.all<{ page_count: number }>('PRAGMA page_count'))[0].page_count;
    await driver.all(`PRAGMA max_page_count = ${pages}`);
    const samples = Array.from({ length: 5000 }, (_, index) => ({ node: `node-${index}`, at: 2000, status: 'ok' as const, latencyMs: 1, reason: 'x'.repeat(100) }));
    expect(() => writer.enqueue('c1', emptyBatch(2000, { samples }))).not.toThrow();
    await writer.flush();
    expect(writer.status()).toMatchObject({ state: 'failing', cyclesWritten: 1, cyclesFailed: 1 });
    expect(writer.status().lastError!.message).toMatch(/full/i);
    expect(await store.cycles('c1', { from: 0, to: 3000 })).toEqual([{ startedAt: 1000, durationMs: 40.25, polled: 3 }]);
  });

  it('a locked PostgreSQL table fails the write after the lock timeout, and the next cycle is written once it is free', async () => {
    const server = await startPrivatePostgres();
    cleanups.push(() => server.stop());
    const database = await server.createDatabase();
    cleanups.push(database.drop);
    const store = await SqlHistoryStore.open('postgres', 'test', openPostgresDriver(database.url));
    cleanups.push(() => store.close());
    const writer = new HistoryWriter(store, { maxBytes: 1024 ** 3, schemaVersion: 2 });
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    cleanups.push(() => locker.end());
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE samples IN ACCESS EXCLUSIVE MODE');
    writer.enqueue('c1', emptyBatch(1000, { samples: [{ node: 'n1', at: 1000, status: 'ok', latencyMs: 1, reason: null }] }));
    await writer.flush();
    expect(writer.status()).toMatchObject({ state: 'failing', cyclesFailed: 1, cyclesWritten: 0 });
    expect(writer.status().lastError!.message).toMatch(/lock timeout/i);
    await locker.query('COMMIT');
    writer.enqueue('c1', emptyBatch(2000));
    await writer.flush();
    expect(writer.status()).toMatchObject({ state: 'ok', cyclesWritten: 1 });
    // The failed cycle left nothing behind: whole or not at all.
    expect((await store.cycles('c1', { from: 0, to: 3000 })).map((cycle) => cycle.startedAt)).toEqual([2000]);
  });
});

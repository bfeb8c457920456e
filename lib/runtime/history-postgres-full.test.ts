import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storageConfigSchema } from '@/lib/store/persistence/config';
import { emptyBatch } from '@/lib/store/persistence/testing/history-store-suite';
import { startPrivatePostgres } from '@/lib/store/persistence/testing/private-postgres';
import { GET as storageRoute } from '@/app/api/storage/route';
import { incidentsDashboard } from './testing/incidents-dashboard';
import { attachHistory, historySlot, stopHistory } from './history';
import { dashboardSlot } from './index';

/**
 * PostgreSQL on a full disk: the test database lives in a tablespace on a
 * tiny tmpfs, filled until PostgreSQL itself answers "No space left on
 * device". The failure is a status on /api/storage, the live views keep
 * working from memory, and writing resumes once space is freed. Mounting
 * needs root (as CI runs); without it the test fails saying so.
 */

const TMPFS_SIZE = '24m';
/** What is left free in the tmpfs once the ballast is in: less than one cycle of the big batch below needs. */
const LEFT_FREE_BYTES = 256 * 1024;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
});

function mountTinyTmpfs(): string {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error('the PostgreSQL full-disk test mounts a tmpfs (mount -t tmpfs) for a tablespace: run it as root, as .ci/run and npm test in CI do');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterscope-pg-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE},mode=0755`, 'tmpfs', dir]);
  } catch (error) {
    fs.rmdirSync(dir);
    throw new Error(`cannot mount a tmpfs for the full-disk tablespace at ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  cleanups.push(() => {
    execFileSync('umount', [dir]);
    fs.rmdirSync(dir);
  });
  // PostgreSQL runs as the postgres user and must own its tablespace directory.
  fs.mkdirSync(path.join(dir, 'tablespace'));
  execFileSync('chown', ['postgres:postgres', path.join(dir, 'tablespace')]);
  return dir;
}

/** Fills the tmpfs with a file of its own, leaving `leave` bytes free; deleting it is freeing space. */
function ballast(dir: string, leave: number): string {
  const file = path.join(dir, 'ballast');
  const { bavail, bsize } = fs.statfsSync(dir);
  const size = Math.max(0, bavail * bsize - leave);
  const fd = fs.openSync(file, 'w');
  try {
    const chunk = Buffer.alloc(1024 * 1024, 1);
    for (let written = 0; written < size; written += chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, size - written));
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

describe('history on a full PostgreSQL disk', () => {
  it('fails the write with "No space left on device" on /api/storage, keeps the live views, and resumes once space is freed', async () => {
    const mount = mountTinyTmpfs();
    const server = await startPrivatePostgres();
    cleanups.push(() => server.stop());
    await server.admin(`CREATE TABLESPACE tiny LOCATION '${path.join(mount, 'tablespace')}'`);
    cleanups.push(() => server.admin('DROP TABLESPACE IF EXISTS tiny'));
    const database = await server.createDatabase({ tablespace: 'tiny' });
    cleanups.push(database.drop);

    const { demo, runtime, dashboard } = await incidentsDashboard(cleanups);
    // The routes answer from the process's dashboard: this one.
    dashboardSlot().dashboard = dashboard;
    cleanups.push(() => void (dashboardSlot().dashboard = null));
    await attachHistory(dashboard, storageConfigSchema.parse({ engine: 'postgres', postgres: { urlEnv: 'FULL_DISK_PG_URL' } }), { FULL_DISK_PG_URL: database.url });
    cleanups.push(() => stopHistory());
    const writer = historySlot().writer!;
    expect(writer, historySlot().openError ?? 'history did not open').toBeTruthy();
    writer.enqueue('incidents', emptyBatch(Date.now()));
    await writer.flush();
    expect(writer.status()).toMatchObject({ state: 'ok', cyclesWritten: 1, cyclesFailed: 0 });

    const ballastFile = ballast(mount, LEFT_FREE_BYTES);
    cleanups.push(() => fs.rmSync(ballastFile, { force: true }));
    // A cycle of 5,000 node samples (about 1 MB of rows and index) cannot fit in what is left.
    const samples = Array.from({ length: 5000 }, (_, index) => ({ node: `node-${index}`, at: Date.now(), status: 'ok' as const, latencyMs: 1, reason: 'x'.repeat(100) }));
    writer.enqueue('incidents', emptyBatch(Date.now(), { samples }));
    await writer.flush();

    const answer = await storageRoute(new Request('http://127.0.0.1/api/storage'), { params: Promise.resolve({}) });
    const storage = await answer.json();
    expect(storage.status).toMatchObject({ engine: 'postgres', state: 'failing', cyclesFailed: 1 });
    expect(storage.status.lastError.message).toMatch(/No space left on device/);
    expect(JSON.stringify(storage)).not.toContain(database.url);

    // Live, from memory: a crash is seen and judged while nothing can be stored.
    const crashed = await fetch(`${demo.controlUrl}/clusters/incidents/nodes/node-2/crash`, { method: 'POST' });
    expect(crashed.ok).toBe(true);
    await runtime.collector.runCycle();
    expect(runtime.nodeSummary('node-2')!.status).toBe('unreachable');
    expect(runtime.findings().active.map((finding) => finding.id)).toContain('node.unreachable:node::node-2');
    await writer.flush();
    // The cycle that saw the crash could not be stored either: the disk is still full.
    expect(writer.status()).toMatchObject({ state: 'failing', cyclesFailed: 2 });

    fs.rmSync(ballastFile);
    await writer.flush();
    await runtime.collector.runCycle();
    await writer.flush();
    expect(writer.status()).toMatchObject({ state: 'ok' });
    expect((await writer.store.openFindings('incidents')).map((finding) => finding.id)).toContain('node.unreachable:node::node-2');
  }, 60_000);
});

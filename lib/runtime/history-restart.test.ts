import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '@/lib/store/persistence/open';
import { openPostgresDriver } from '@/lib/store/persistence/postgres-driver';
import type { SqlDriver, SqlRow, SqlValue } from '@/lib/store/persistence/sql-driver';
import { openSqliteDriver } from '@/lib/store/persistence/sqlite-driver';
import { startPrivatePostgres, type PrivatePostgres } from '@/lib/store/persistence/testing/private-postgres';

/**
 * The dashboard is killed with SIGKILL in the middle of its cycles and
 * started again on the same database: no cycle is half-written, findings
 * continue or resolve with the restart noted, earlier history stays. Each
 * dashboard is a child process (the demo clusters inside it, on ports the OS
 * picks); the test reads the database beside it.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(ROOT, 'lib/runtime/testing/history-child.ts');
const CLUSTER = 'incidents';
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
let postgres: PrivatePostgres;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  cleanups.push(() => postgres.stop());
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Engine = { env: Record<string, string>; reader: () => SqlDriver };

async function sqliteEngine(): Promise<Engine> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterscope-restart-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  return { env: { CLUSTERSCOPE_STORAGE: 'sqlite', CLUSTERSCOPE_DATA_DIR: dataDir }, reader: () => openSqliteDriver(path.join(dataDir, SQLITE_FILE_NAME)) };
}

async function postgresEngine(): Promise<Engine> {
  const database = await postgres.createDatabase();
  cleanups.push(database.drop);
  return { env: { CLUSTERSCOPE_STORAGE: 'postgres', CLUSTERSCOPE_POSTGRES_URL: database.url }, reader: () => openPostgresDriver(database.url) };
}

type Running = { child: ChildProcess; controlUrl: string; targets: string[]; output: () => string };

async function startChild(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, CLUSTER_CONFIG: '', DEMO_AUTOPILOT: 'off', DEMO_POLL_INTERVAL: '500', DEMO_REQUEST_TIMEOUT: '300', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dashboard did not start in 30 s:\n${output}`)), 30_000);
    child.stderr?.on('data', (chunk) => (output += String(chunk)));
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
      const line = output.split('\n').find((text) => text.startsWith('{"running"'));
      if (!line) return;
      clearTimeout(timer);
      const started = JSON.parse(line) as { controlUrl: string; clusters: { name: string; targets: string[] }[] };
      resolve({ child, controlUrl: started.controlUrl, targets: started.clusters.find((cluster) => cluster.name === CLUSTER)!.targets, output: () => output });
    });
    child.once('exit', (code) => reject(new Error(`dashboard exited (${code}) before it ran:\n${output}`)));
  });
}

async function crash(controlUrl: string, node: string): Promise<void> {
  const response = await fetch(`${controlUrl}/clusters/${CLUSTER}/nodes/${encodeURIComponent(node)}/crash`, { method: 'POST' });
  expect(response.ok).toBe(true);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

const unreachableId = (node: string) => `node.unreachable:node::${node}`;
type FindingRow = { id: string; first_seen: number; status: string; resolved_at: number | null; evidence: string };

describe.each([
  ['sqlite', sqliteEngine],
  ['postgres', postgresEngine],
])('history across a SIGKILL and a restart (%s)', (_name, makeEngine) => {
  it('keeps whole cycles only, continues findings still true and resolves the others with the restart noted', async () => {
    const engine = await makeEngine();
    let reader: SqlDriver | null = null;
    const query = async <Row extends SqlRow>(sql: string, params: SqlValue[] = []): Promise<Row[]> => {
      reader ??= engine.reader();
      return reader.all<Row>(sql, params);
    };
    cleanups.push(() => reader?.close());
    /** Polls the database until `check` holds (tables may not exist yet); bounded in time. */
    let running: Running | null = null;
    const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (await check().catch(() => false)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`timed out waiting for ${what}; the dashboard said:\n${running?.output().slice(-3000)}`);
    };
    const findingRows = (node: string) => query<FindingRow>('SELECT * FROM findings WHERE cluster = ? AND id = ?', [CLUSTER, unreachableId(node)]);

    const first = await startChild(engine.env);
    running = first;
    const [kept, healed] = first.targets.slice(0, 2);
    await crash(first.controlUrl, kept);
    await crash(first.controlUrl, healed);
    // Generous bounds: on a busy 2-core machine the child's cycles slow down, they do not stop.
    await waitFor('both crash findings and 8 cycles', async () => {
      const open = await query<{ n: number }>("SELECT COUNT(*) AS n FROM findings WHERE cluster = ? AND status = 'active' AND id IN (?, ?)", [CLUSTER, unreachableId(kept), unreachableId(healed)]);
      const cycles = await query<{ n: number }>('SELECT COUNT(*) AS n FROM cycles WHERE cluster = ?', [CLUSTER]);
      return Number(open[0].n) === 2 && Number(cycles[0].n) >= 8;
    }, 40_000);
    first.child.kill('SIGKILL');
    await exited(first.child);
    const killedAt = Date.now();

    // Every stored cycle has exactly the samples it polled: nothing half-written.
    const torn = await query(
      `SELECT * FROM (SELECT c.cluster, c.started_at, c.polled,
         (SELECT COUNT(*) FROM samples s WHERE s.cluster = c.cluster AND s.at >= c.started_at AND s.at <= c.started_at + c.duration_ms + 2) AS stored
       FROM cycles c) counted WHERE stored <> polled`,
    );
    expect(torn).toEqual([]);
    const [before] = await findingRows(kept);
    const changesBefore = Number((await query<{ n: number }>('SELECT COUNT(*) AS n FROM status_changes WHERE cluster = ? AND node = ?', [CLUSTER, kept]))[0].n);
    expect(changesBefore).toBeGreaterThan(0);

    // Restart on the same data: hold the first poll back so the kept node can be crashed again before it.
    const second = await startChild({ ...engine.env, CLUSTERSCOPE_FIRST_POLL_DELAY_MS: '1500' });
    running = second;
    await crash(second.controlUrl, kept);
    await waitFor("the healed node's finding resolved after the restart", async () => (await findingRows(healed))[0]?.status === 'resolved', 40_000);

    const healedRows = await findingRows(healed);
    expect(healedRows).toHaveLength(1);
    expect(Number(healedRows[0].resolved_at)).toBeGreaterThanOrEqual(killedAt);
    expect(JSON.parse(healedRows[0].evidence).restart).toMatch(/^not seen again after Clusterscope restarted at /);
    const keptRows = await findingRows(kept);
    expect(keptRows).toHaveLength(1);
    expect(keptRows[0].status).toBe('active');
    expect(Number(keptRows[0].first_seen)).toBe(Number(before.first_seen));
    // The node's history from before the kill is still there.
    const changesAfter = await query<{ n: number }>('SELECT COUNT(*) AS n FROM status_changes WHERE cluster = ? AND node = ? AND at < ?', [CLUSTER, kept, killedAt]);
    expect(Number(changesAfter[0].n)).toBe(changesBefore);
    second.child.kill('SIGTERM');
    await exited(second.child);
  }, 100_000);
});

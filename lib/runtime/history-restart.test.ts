import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '@/lib/store/persistence/open';

/**
 * The dashboard is killed with SIGKILL in the middle of its cycles and
 * started again on the same data directory: no cycle is half-written,
 * findings continue or resolve with the restart noted, earlier history stays.
 * Each dashboard is a child process (the demo clusters inside it, on ports the OS picks).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(ROOT, 'lib/runtime/testing/history-child.ts');
const CLUSTER = 'incidents';
const children: ChildProcess[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterscope-restart-'));

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Running = { child: ChildProcess; controlUrl: string; targets: string[] };

async function startChild(extraEnv: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      CLUSTER_CONFIG: '',
      CLUSTERSCOPE_STORAGE: 'sqlite',
      CLUSTERSCOPE_DATA_DIR: dataDir,
      DEMO_AUTOPILOT: 'off',
      DEMO_POLL_INTERVAL: '500',
      DEMO_REQUEST_TIMEOUT: '300',
      ...extraEnv,
    },
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
      resolve({ child, controlUrl: started.controlUrl, targets: started.clusters.find((cluster) => cluster.name === CLUSTER)!.targets });
    });
    child.once('exit', (code) => reject(new Error(`dashboard exited (${code}) before it ran:\n${output}`)));
  });
}

async function crash(controlUrl: string, node: string): Promise<void> {
  const response = await fetch(`${controlUrl}/clusters/${CLUSTER}/nodes/${encodeURIComponent(node)}/crash`, { method: 'POST' });
  expect(response.ok).toBe(true);
}

function readDb<T>(query: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}

/** Polls the database (read-only, beside the writer) until `check` holds; bounded in time. */
async function waitForDb(what: string, check: (db: Database.Database) => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(path.join(dataDir, SQLITE_FILE_NAME)) && readDb((db) => { try { return check(db); } catch { return false; } })) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const unreachableId = (node: string) => `node.unreachable:node::${node}`;
type FindingRow = { id: string; first_seen: number; status: string; resolved_at: number | null; evidence: string };

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('history across a SIGKILL and a restart', () => {
  it('keeps whole cycles only, continues findings still true and resolves the others with the restart noted', async () => {
    const first = await startChild();
    const [kept, healed] = first.targets.slice(0, 2);
    await crash(first.controlUrl, kept);
    await crash(first.controlUrl, healed);
    await waitForDb('both crash findings and 10 cycles', (db) => {
      const open = db.prepare("SELECT COUNT(*) AS n FROM findings WHERE cluster = ? AND status = 'active' AND id IN (?, ?)").get(CLUSTER, unreachableId(kept), unreachableId(healed)) as { n: number };
      const cycles = db.prepare('SELECT COUNT(*) AS n FROM cycles WHERE cluster = ?').get(CLUSTER) as { n: number };
      return open.n === 2 && cycles.n >= 10;
    });
    first.child.kill('SIGKILL');
    await exited(first.child);
    const killedAt = Date.now();

    // Every stored cycle has exactly the samples it polled: nothing half-written.
    const torn = readDb((db) =>
      db
        .prepare(
          `SELECT c.cluster, c.started_at, c.polled, (SELECT COUNT(*) FROM samples s WHERE s.cluster = c.cluster AND s.at >= c.started_at AND s.at <= c.started_at + c.duration_ms + 2) AS stored
           FROM cycles c WHERE stored <> c.polled`,
        )
        .all(),
    );
    expect(torn).toEqual([]);
    const before = readDb((db) => db.prepare('SELECT * FROM findings WHERE cluster = ? AND id = ?').get(CLUSTER, unreachableId(kept)) as FindingRow);
    const changesBefore = readDb((db) => db.prepare('SELECT COUNT(*) AS n FROM status_changes WHERE cluster = ? AND node = ?').get(CLUSTER, kept) as { n: number }).n;
    expect(changesBefore).toBeGreaterThan(0);

    // Restart on the same data: hold the first poll back so the kept node can be crashed again before it.
    const second = await startChild({ CLUSTERSCOPE_FIRST_POLL_DELAY_MS: '1500' });
    await crash(second.controlUrl, kept);
    await waitForDb('the healed node\'s finding resolved after the restart', (db) => {
      const row = db.prepare('SELECT * FROM findings WHERE cluster = ? AND id = ?').get(CLUSTER, unreachableId(healed)) as FindingRow | undefined;
      return row?.status === 'resolved';
    });
    const healedRow = readDb((db) => db.prepare('SELECT * FROM findings WHERE cluster = ? AND id = ?').all(CLUSTER, unreachableId(healed)) as FindingRow[]);
    expect(healedRow).toHaveLength(1);
    expect(healedRow[0].resolved_at).toBeGreaterThanOrEqual(killedAt);
    expect(JSON.parse(healedRow[0].evidence).restart).toMatch(/^not seen again after Clusterscope restarted at /);

    const keptRows = readDb((db) => db.prepare('SELECT * FROM findings WHERE cluster = ? AND id = ?').all(CLUSTER, unreachableId(kept)) as FindingRow[]);
    expect(keptRows).toHaveLength(1);
    expect(keptRows[0]).toMatchObject({ status: 'active', first_seen: before.first_seen });
    // The node's history from before the kill is still there.
    const changesAfter = readDb((db) => db.prepare('SELECT COUNT(*) AS n FROM status_changes WHERE cluster = ? AND node = ? AND at < ?').get(CLUSTER, kept, killedAt) as { n: number }).n;
    expect(changesAfter).toBe(changesBefore);
    second.child.kill('SIGTERM');
    await exited(second.child);
  }, 60_000);
});

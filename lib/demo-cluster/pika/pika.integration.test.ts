import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateClusterConfig } from '@/lib/config/load';
import type { Finding } from '@/lib/contract/findings';
import { waitFor } from '@/lib/logs/testing/wait';
import { ClusterRuntime } from '@/lib/runtime/runtime';
import { startPikaDemo, type PikaDemo } from './cluster';

/**
 * The Pika simulator over real sockets (ports chosen by the OS), read by the
 * real redis adapter, collector, log file sources and analyzers, as the
 * dashboard reads a real Pika deployment.
 */

const POLL_MS = 500;
let dir: string | null = null;
let pika: PikaDemo | null = null;
let runtime: ClusterRuntime | null = null;

afterEach(async () => {
  await runtime?.stop();
  runtime = null;
  await pika?.close();
  pika = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function start(options: { metaSyncRetryMs?: number; rsyncRetryMs?: number } = {}): Promise<{ pika: PikaDemo; runtime: ClusterRuntime }> {
  dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-pika-'));
  pika = await startPikaDemo({ logDir: dir, tickMs: 100, metaSyncRetryMs: options.metaSyncRetryMs ?? 400, rsyncRetryMs: options.rsyncRetryMs ?? 150 });
  const loaded = validateClusterConfig({ cluster: 'pika', pollInterval: POLL_MS, requestTimeout: 400, targets: pika.targets }, '(pika test)');
  if (!loaded.ok) throw new Error(loaded.message);
  runtime = new ClusterRuntime(loaded.config.clusters[0]);
  runtime.start();
  return { pika, runtime };
}

const syncFindings = (runtime: ClusterRuntime): Finding[] => runtime.findings().active.filter((finding) => finding.kind.startsWith('sync.'));

function linkOf(runtime: ClusterRuntime, reporter: string, id: string) {
  return runtime.nodeSummaries().length > 0 ? runtime.store.lastOk(reporter)?.sync?.links.find((link) => link.id === id) : undefined;
}

describe('Pika demo cluster through the redis adapter and the log sources', () => {
  it('reads every node in its own format: versions, roles (Master && SLAVE), per-db links, no sync finding when healthy', async () => {
    const { runtime } = await start();
    await waitFor('every node polled', () => runtime.nodeSummaries().every((node) => node.status === 'ok'), 10_000);
    const versions = runtime.nodeSummaries().map((node) => [node.id, node.version, node.role]);
    expect(versions).toEqual([
      ['pika-1', 'pika 4.0.1', 'primary'],
      ['pika-2', 'pika 4.0.1', 'replica'],
      ['pika-3', 'pika 3.5.2', 'replica'],
      ['pika-4', 'pika 4.0.1', 'replica'],
      ['pika-5', 'pika 3.3.5', 'replica'],
    ]);
    // pika-4 is "Master && SLAVE": its upstream links per db and its downstream ones.
    const middle = runtime.store.lastOk('pika-4')?.sync?.links.map((link) => `${link.id} ${link.state}`);
    expect(middle).toEqual(['pika-1->pika-4/db0 in_sync', 'pika-1->pika-4/db1 in_sync', 'pika-4->pika-5/db0 in_sync', 'pika-4->pika-5/db1 in_sync']);
    // The replica's binlog position and the master's compare as bytes.
    const master = linkOf(runtime, 'pika-1', 'pika-1->pika-3/db0');
    expect(master?.primaryOffset).toBeGreaterThan(17_794 * 104_857_600);
    // Several cycles, and no sync finding of any kind.
    const cycles = runtime.store.lastOk('pika-1')?.fetchedAt ?? 0;
    await waitFor('three more polls', () => (runtime.store.lastOk('pika-1')?.fetchedAt ?? 0) >= cycles + 3 * POLL_MS, 10_000);
    expect(syncFindings(runtime)).toEqual([]);
  }, 30_000);

  it('seed full sync: every CopyRemoteMeta retry fails while INFO reads syncing or connected → sync.error with retries and cause, linked to the lines', async () => {
    const { pika, runtime } = await start();
    await waitFor('every node polled', () => runtime.nodeSummaries().every((node) => node.status === 'ok'), 10_000);
    pika.start('full-sync-retries-exhausted', 'seed');
    let finding: Finding | undefined;
    await waitFor('sync.error on pika-1->pika-3/db0', () => {
      finding = runtime.findings().active.find((candidate) => candidate.kind === 'sync.error' && candidate.subject.id === 'pika-1->pika-3/db0');
      return finding !== undefined;
    }, 20_000);
    expect(finding?.summary).toMatch(/retries exhausted \(3\/3\)/);
    expect(finding?.summary).toContain('rsync CopyRemoteMeta request timeout, retry times: 3');
    expect(finding?.summary).toContain('copy remote meta failed! error:');
    expect(finding?.evidence).toMatchObject({ attempts: '3/3', lastError: { code: 'FULL_SYNC_FAILED' } });
    // INFO itself never said error: the verdict is the log's.
    expect(String((finding?.evidence as { reportedState: string }).reportedState)).toMatch(/master_link_status:up|db_repl_state db0:WaitDBSync/);
    // The other db of the same replica keeps its own state.
    expect(runtime.findings().active.some((candidate) => candidate.kind === 'sync.error' && candidate.subject.id === 'pika-1->pika-3/db1')).toBe(false);
    // The lines carry the link as subject, so the finding links to them.
    const lines = runtime.logStore.lines().filter((line) => line.node === 'pika-3' && line.subject === 'pika-1->pika-3/db0');
    expect(lines.map((line) => line.code)).toEqual(expect.arrayContaining(['sync.full_sync_retry', 'sync.full_sync_failed']));
    // While it runs, the analyzers never see the link in sync for long: sample a few cycles.
    for (let sample = 0; sample < 6; sample++) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      expect(runtime.findings().active.some((candidate) => candidate.subject.id === 'pika-1->pika-3/db0' && (candidate.kind === 'sync.error' || candidate.kind === 'sync.stalled'))).toBe(true);
    }
    // The binlog comparison: the replica's position stayed where the failed copy left it while the master's moved on.
    const latest = runtime.findings().active.find((candidate) => candidate.kind === 'sync.error' && candidate.subject.id === 'pika-1->pika-3/db0');
    expect((latest?.evidence as { behindPrimaryBytes: number | null }).behindPrimaryBytes).toBeGreaterThan(0);
  }, 40_000);

  it('seed MetaSync loop: both sides log the rejection every few hundred ms → sync.registration_loop with count and period, lines of both sides linked', async () => {
    const { pika, runtime } = await start();
    await waitFor('every node polled', () => runtime.nodeSummaries().every((node) => node.status === 'ok'), 10_000);
    pika.start('registration-loop', 'seed');
    let loop: Finding | undefined;
    await waitFor('sync.registration_loop on pika-1->pika-2', () => {
      loop = runtime.findings().active.find((candidate) => candidate.kind === 'sync.registration_loop' && candidate.subject.id.startsWith('pika-1->pika-2/'));
      return loop !== undefined;
    }, 20_000);
    const evidence = loop?.evidence as { count: number; periodMs: number; message: string };
    expect(evidence.count).toBeGreaterThanOrEqual(3);
    expect(evidence.periodMs).toBeGreaterThan(0);
    expect(evidence.message).toContain('Meta Sync Failed: Slave AlreadyExist will keep sending MetaSync msg');
    const linked = runtime.logStore.lines().filter((line) => line.subject === loop?.subject.id);
    expect(linked.some((line) => line.node === 'pika-2' && /Meta Sync Failed: Slave AlreadyExist/.test(line.message))).toBe(true);
    expect(linked.some((line) => line.node === 'pika-1' && /Slave Already Exist, ip_port: 127\.0\.0\.1:\d+/.test(line.message))).toBe(true);
  }, 40_000);

  it('fixed behaviour of both: one retry, one rejection, then connected, and no sync finding over many cycles', async () => {
    const { pika, runtime } = await start();
    await waitFor('every node polled', () => runtime.nodeSummaries().every((node) => node.status === 'ok'), 10_000);
    pika.start('full-sync-retries-exhausted', 'fixed');
    pika.start('registration-loop', 'fixed');
    await waitFor('the fixed behaviour logged its one retry and one rejection', () => {
      const codes = runtime.logStore.lines().map((line) => line.code);
      return codes.includes('sync.full_sync_retry') && codes.includes('sync.registration_rejected');
    }, 10_000);
    const deadline = Date.now() + 12 * POLL_MS;
    for (let cycle = 0; cycle < 40 && Date.now() < deadline; cycle++) {
      expect(syncFindings(runtime)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS / 2));
    }
    expect(linkOf(runtime, 'pika-3', 'pika-1->pika-3/db0')?.state).toBe('in_sync');
    expect(linkOf(runtime, 'pika-2', 'pika-1->pika-2/db0')?.state).toBe('in_sync');
  }, 40_000);
});

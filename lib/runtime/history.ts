import 'server-only';
import { clientRefreshLogAnalyzer } from '@/lib/diagnostics/client-refresh-logs';
import { failoverByTable } from '@/lib/diagnostics/registry';
import { buildFailoverViewByTable } from '@/lib/diagnostics/routing-tables-view';
import { lineTime } from '@/lib/diagnostics/logs';
import { retentionPolicy, storageFromEnv, type StorageConfig } from '@/lib/store/persistence/config';
import { buildCycleBatch, emptyBatchMemory, type BatchMemory, type CycleFacts } from '@/lib/store/persistence/cycle-batch';
import { openHistoryStore, type OpenStoreOptions } from '@/lib/store/persistence/open';
import type { HistoryStore } from '@/lib/store/persistence/types';
import type { StorageView } from '@/lib/store/persistence/status-view';
import { HistoryWriter } from '@/lib/store/persistence/writer';
import type { Dashboard } from './dashboard';
import type { ClusterRuntime } from './runtime';

/** Cycles a finding from before a restart may take to be seen again (a frozen offset needs a few polls). */
export const RESTORE_GRACE_CYCLES = 4;
const RETENTION_EVERY_MS = 10 * 60_000;
/** Opening the database may not hold the dashboard's start for longer than this. */
const OPEN_TIMEOUT_MS = 10_000;

type HistorySlot = {
  writer: HistoryWriter | null;
  config: StorageConfig | null;
  /** Why history is not being kept (cannot open, newer schema, no URL): shown on the status page. */
  openError: string | null;
  stop: (() => Promise<void>) | null;
};

const historyGlobal = globalThis as typeof globalThis & { __clusterscopeHistory?: HistorySlot };

export function historySlot(): HistorySlot {
  historyGlobal.__clusterscopeHistory ??= { writer: null, config: null, openError: null, stop: null };
  return historyGlobal.__clusterscopeHistory;
}

/** Flushes what is queued, closes the store and forgets it (on SIGTERM, and between tests). */
export async function stopHistory(): Promise<void> {
  const slot = historySlot();
  const stop = slot.stop;
  Object.assign(slot, { writer: null, config: null, openError: null, stop: null });
  await stop?.();
}

/** The store past views read from, or null when history is not kept. */
export function historyStore(): HistoryStore | null {
  return historySlot().writer?.store ?? null;
}


export function storageView(): StorageView {
  const slot = historySlot();
  return {
    configured: slot.config ? { engine: slot.config.engine, retentionDays: slot.config.retention.default / 86_400_000 } : null,
    openError: slot.openError,
    status: slot.writer?.status() ?? null,
  };
}

function openOptions(config: StorageConfig, env: Readonly<Record<string, string | undefined>>): OpenStoreOptions {
  if (config.engine === 'postgres') {
    const name = config.postgres!.urlEnv;
    const url = env[name]?.trim();
    if (!url) throw new Error(`storage engine "postgres": environment variable ${name} (storage.postgres.urlEnv) is not set or empty`);
    return { engine: 'postgres', url };
  }
  return config.engine === 'sqlite' ? { engine: 'sqlite', dataDir: config.dataDir } : { engine: 'memory' };
}

/** Gathers what one cycle of `cluster` produced, from its in-memory state. */
export function cycleFacts(cluster: ClusterRuntime, lastLogSeq: number): CycleFacts | null {
  const cycle = cluster.lastCycle;
  if (!cycle) return null;
  const since = cycle.startedAt;
  const now = cycle.startedAt + cycle.durationMs;
  const reports = [...cluster.store.latestMap().values()].filter((report) => report.fetchedAt >= since);
  // Every table's incidents, as the failover page builds them (one source may keep several tables).
  const failover = buildFailoverViewByTable(cluster.analyzerState(failoverByTable), now, { status: 'all' }, cluster.analyzerState(clientRefreshLogAnalyzer));
  const classifier = cluster.logClassifierState();
  return {
    cycle: { startedAt: cycle.startedAt, durationMs: cycle.durationMs, polled: cycle.polled },
    findings: cluster.findings(),
    reports,
    statusChanges: cluster.store.statusEvents().filter((change) => change.at >= since),
    incidents: failover.incidents.map((incident) => ({ id: incident.table ? `${incident.table}:${incident.id}` : incident.id, status: incident.status, view: incident })),
    logLines: cluster.logStore.sinceSeq(lastLogSeq).map((line) => ({
      seq: line.seq,
      node: line.node,
      ts: lineTime(line),
      level: line.level,
      component: line.component,
      code: line.code ?? null,
      subject: line.subject ?? null,
      transient: line.transient ?? null,
      message: line.message,
    })),
    logGroups: [...classifier.groups.values()].map((group) => ({
      fingerprint: group.id,
      count: group.count,
      // Read back by the past logs view (lib/diagnostics/past-logs.ts storedLogGroupSchema).
      view: {
        id: group.id,
        fingerprint: group.fingerprint,
        component: group.component,
        level: group.level,
        count: group.count,
        firstSeen: group.firstSeen,
        lastSeen: group.lastSeen,
        example: group.example.message,
        nodes: [...group.nodes].map(([node, span]) => ({ node, count: span.count, lastSeen: span.last })),
        subjects: [...group.namedSubjects].slice(-20),
      },
    })),
  };
}

/** Writes each cycle of one cluster: what changed goes into a batch, the batch into the writer's queue. */
function recordCycles(cluster: ClusterRuntime, writer: HistoryWriter): () => void {
  let memory: BatchMemory = emptyBatchMemory();
  let lastLogSeq = cluster.logStore.lastSeq();
  return cluster.onCycle(() => {
    try {
      const facts = cycleFacts(cluster, lastLogSeq);
      if (!facts) return;
      lastLogSeq = cluster.logStore.lastSeq();
      // A batch that is never written took its changes with it: start again from nothing, so the next one has them all.
      const batch = buildCycleBatch(memory, facts);
      // Saved with the cycle's lines, so a restart resumes reading where the stored lines end.
      const positions = cluster.logPositions();
      if (positions) batch.logPositions = positions;
      writer.enqueue(cluster.name, batch, () => (memory = emptyBatchMemory()));
    } catch (error) {
      console.error(`[clusterscope] ${cluster.name}: history batch failed:`, error);
    }
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens history for the whole dashboard before its first cycle: findings open
 * at the last stop are handed back to their clusters, every cycle is recorded,
 * retention runs every 10 minutes. If history cannot be opened the dashboard
 * still runs (from memory) and the status page says why.
 */
export async function attachHistory(dashboard: Dashboard, configured: StorageConfig, env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const slot = historySlot();
  const config = storageFromEnv(configured, env);
  slot.config = config;
  let store: HistoryStore;
  try {
    store = await withTimeout(openHistoryStore(openOptions(config, env)), OPEN_TIMEOUT_MS, 'opening the history database');
  } catch (error) {
    slot.openError = error instanceof Error ? error.message : String(error);
    console.error(`[clusterscope] history is not kept: ${slot.openError}`);
    return;
  }
  const writer = new HistoryWriter(store, { maxBytes: config.maxSize, schemaVersion: await store.schemaVersion().catch(() => null) });
  slot.writer = writer;
  const restartAt = dashboard.now();
  for (const cluster of dashboard.clusters) {
    try {
      const open = await store.openFindings(cluster.name);
      if (open.length > 0) cluster.restoreFindings(open, restartAt, RESTORE_GRACE_CYCLES);
    } catch (error) {
      console.error(`[clusterscope] ${cluster.name}: cannot read open findings from history:`, error);
    }
    try {
      cluster.resumeLogPositions(await store.logPositions(cluster.name));
    } catch (error) {
      console.error(`[clusterscope] ${cluster.name}: cannot read log positions from history; log files start as configured (startAt):`, error);
    }
  }
  const unsubscribe = dashboard.clusters.map((cluster) => recordCycles(cluster, writer));
  const policy = retentionPolicy(config);
  void writer.maintain(policy);
  const timer = setInterval(() => void writer.maintain(policy), RETENTION_EVERY_MS);
  timer.unref();
  console.log(`[clusterscope] history kept in ${store.engine} at ${store.location}`);
  slot.stop = async () => {
    clearInterval(timer);
    for (const stop of unsubscribe) stop();
    await writer.flush();
    await store.close();
  };
}

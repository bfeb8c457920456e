import 'server-only';
import { dashboardMetrics } from '@/lib/alerting/metrics';
import { Elector, type StoreReach } from '@/lib/ha/elector';
import type { HaSettings } from '@/lib/ha/config';
import type { CollectorLease, HistoryStore } from '@/lib/store/persistence/types';
import type { Dashboard } from './dashboard';
import { ClusterFollower } from './follower';
import { RESTORE_GRACE_CYCLES } from './history';

/** Standbys look for new cycles at least this often, besides NOTIFY (which a dropped session can miss). */
const FALLBACK_POLL_MS = 1000;
/** On takeover, the last cycle the previous collector wrote is read first, for at most this long. */
const CATCH_UP_MS = 1000;

/** What the replicas page and /metrics read of this replica's part in the election. */
export type HaState = {
  settings: HaSettings;
  elector: Elector;
  store: HistoryStore;
  followers: ReadonlyMap<string, ClusterFollower>;
  /** The lease table as last read by the fallback poll (every cluster's collector and term). */
  leases: () => readonly CollectorLease[];
  stop: () => Promise<void>;
};

type HaSlot = { state: HaState | null };
const haGlobal = globalThis as typeof globalThis & { __clusterscopeHa?: HaSlot };

export function haSlot(): HaSlot {
  haGlobal.__clusterscopeHa ??= { state: null };
  return haGlobal.__clusterscopeHa;
}

export function storeReach(): StoreReach | null {
  return haSlot().state?.elector.storeReach() ?? null;
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * Makes this process one replica of several on one PostgreSQL
 * (docs/high-availability.md): every cluster starts as a standby fed from the
 * shared store; the elector hands it the clusters it wins, whose cycles are
 * then written fenced by their term; a fenced write or a lost lock turns the
 * cluster back into a standby.
 */
export async function attachHighAvailability(dashboard: Dashboard, settings: HaSettings, url: string, store: HistoryStore): Promise<HaState> {
  const followers = new Map(dashboard.clusters.map((cluster) => [cluster.name, new ClusterFollower(cluster, store)]));
  await Promise.all(dashboard.clusters.map((cluster) => cluster.standBy()));
  const metrics = dashboardMetrics();
  // Every cluster says 0 here until this replica is elected for it.
  for (const cluster of dashboard.clusters) metrics.observeCollector(cluster.name, settings.replicaId, false, null);
  let leases: CollectorLease[] = [];

  const elector: Elector = new Elector({
    url,
    replicaId: settings.replicaId,
    clusters: dashboard.clusters.map((cluster) => cluster.name),
    lockRetryMs: settings.lockRetryMs,
    sessionTimeoutMs: settings.sessionTimeoutMs,
    events: {
      onAcquire(name, lease) {
        const cluster = dashboard.cluster(name);
        const follower = followers.get(name);
        if (!cluster || !follower) return;
        console.log(`[clusterscope] ha: ${settings.replicaId} collects "${name}" (term ${lease.term}${lease.previousHolder && lease.previousHolder !== settings.replicaId ? `, from ${lease.previousHolder}` : ''})`);
        // The previous collector's last cycle first, so its findings continue here.
        const catchUp = cluster.role === 'standby' ? withTimeout(follower.read(), CATCH_UP_MS) : Promise.resolve();
        void catchUp.then(() => {
          if (elector.termOf(name) !== lease.term) return;
          cluster.collect({ at: cluster.now(), term: lease.term, previousHolder: lease.previousHolder, replicaId: settings.replicaId, graceCycles: RESTORE_GRACE_CYCLES });
          metrics.observeCollector(name, settings.replicaId, true, lease.term);
        });
      },
      onLose(name, why) {
        const cluster = dashboard.cluster(name);
        if (!cluster) return;
        console.log(`[clusterscope] ha: ${settings.replicaId} stands by for "${name}": ${why}`);
        metrics.observeCollector(name, settings.replicaId, false, null);
        void cluster.standBy().then(() => followers.get(name)?.read());
      },
      onCycleWritten(name) {
        if (dashboard.cluster(name)?.role === 'standby') void followers.get(name)?.read();
      },
    },
  });

  // The writer reads the term when it writes; a refusal hands the cluster back.
  for (const cluster of dashboard.clusters) {
    const name = cluster.name;
    cluster.writeFence = (live) => ({
      term: () => elector.termOf(name),
      live,
      // Paused mid-write, this replica must not hold the lease row longer than it holds the lock.
      idleTimeoutMs: settings.sessionTimeoutMs,
      onFenced: (error) => {
        console.error(`[clusterscope] ha: ${error.message}; standing by`);
        void elector.release(name, 'a write was refused: another replica collects it now');
      },
    });
  }

  let stopped = false;
  let pollTimer: NodeJS.Timeout | null = null;
  const poll = async () => {
    const standbys = dashboard.clusters.filter((cluster) => cluster.role === 'standby');
    try {
      const [seqs, readLeases] = await Promise.all([store.liveSeqs(), store.collectorLeases()]);
      leases = readLeases;
      for (const cluster of standbys) {
        const live = seqs.get(cluster.name);
        const follower = followers.get(cluster.name)!;
        if (!live) cluster.markStoreRead();
        else if (follower.behind(live.term, live.seq)) void follower.read();
        else cluster.markStoreRead();
      }
      for (const lease of leases) {
        if (!dashboard.cluster(lease.cluster)) continue;
        metrics.observeCollector(lease.cluster, settings.replicaId, elector.termOf(lease.cluster) !== null, elector.termOf(lease.cluster) ?? lease.term);
      }
    } catch {
      const at = Date.now();
      for (const cluster of standbys) followers.get(cluster.name)!.markUnreachable(at);
    }
  };
  const schedule = () => {
    if (stopped) return;
    pollTimer = setTimeout(() => void poll().finally(schedule), Math.min(FALLBACK_POLL_MS, settings.lockRetryMs));
    pollTimer.unref?.();
  };

  elector.start();
  await poll();
  schedule();
  console.log(`[clusterscope] ha: replica ${settings.replicaId}, lock retry ${settings.lockRetryMs} ms, session timeout ${settings.sessionTimeoutMs} ms`);

  const state: HaState = {
    settings,
    elector,
    store,
    followers,
    leases: () => leases,
    async stop() {
      stopped = true;
      if (pollTimer) clearTimeout(pollTimer);
      for (const cluster of dashboard.clusters) cluster.writeFence = null;
      await elector.stop();
    },
  };
  return state;
}

import 'server-only';
import { LIVE_AFTER_RETRIES } from '@/lib/ha/elector';
import type { ReplicasView } from '@/lib/contract/replicas';
import type { Dashboard } from '@/lib/runtime';
import type { HaState } from '@/lib/runtime/high-availability';
import type { CollectorLease, ReplicaRow } from '@/lib/store/persistence/types';

/** This process's name when high availability is off (one process, one collector of everything). */
export const SOLO_REPLICA = 'this process';

/**
 * GET /api/replicas: who collects what. With high availability, read fresh
 * from the shared store (the last known leases when it cannot be read);
 * without, this process collects every cluster (term 0: no election).
 * Only the clusters the reader may see are named.
 */
export async function replicasView(dashboard: Dashboard, ha: HaState | null): Promise<ReplicasView> {
  const lastCycleAt = (name: string) => dashboard.cluster(name)?.lastCycle?.startedAt ?? null;
  if (!ha) {
    return {
      replica: SOLO_REPLICA,
      enabled: false,
      clusters: dashboard.clusters.map((cluster) => ({ cluster: cluster.name, collector: { replica: SOLO_REPLICA, term: 0, since: dashboard.startedAt }, mine: true, lastCycleAt: lastCycleAt(cluster.name) })),
      replicas: [{ id: SOLO_REPLICA, startedAt: dashboard.startedAt, lastSeen: dashboard.now(), clusters: dashboard.clusters.map((cluster) => cluster.name) }],
      store: { state: 'ok', since: null },
    };
  }
  const me = ha.settings.replicaId;
  let leases: readonly CollectorLease[] = ha.leases();
  let rows: readonly ReplicaRow[] = [];
  try {
    [leases, rows] = await Promise.all([ha.store.collectorLeases(), ha.store.replicas()]);
  } catch {
    // The store is away: the last leases read, and this replica alone as far as it can tell.
  }
  const visible = new Set(dashboard.clusters.map((cluster) => cluster.name));
  const leaseOf = new Map(leases.filter((lease) => visible.has(lease.cluster)).map((lease) => [lease.cluster, lease]));
  const liveSince = dashboard.now() - LIVE_AFTER_RETRIES * ha.settings.lockRetryMs;
  const live = rows.filter((row) => row.heartbeat >= liveSince || row.id === me);
  if (!live.some((row) => row.id === me)) live.push({ id: me, startedAt: dashboard.startedAt, heartbeat: dashboard.now() });
  const reach = ha.elector.storeReach();
  return {
    replica: me,
    enabled: true,
    clusters: dashboard.clusters.map((cluster) => {
      const mine = ha.elector.termOf(cluster.name) !== null;
      const lease = leaseOf.get(cluster.name);
      // A lease whose holder is no longer live has no collector until the next election round.
      const held = lease && (live.some((row) => row.id === lease.holder) || mine) ? lease : null;
      return { cluster: cluster.name, collector: held ? { replica: held.holder, term: held.term, since: held.since } : null, mine, lastCycleAt: lastCycleAt(cluster.name) };
    }),
    replicas: live
      .map((row) => ({ id: row.id, startedAt: row.startedAt, lastSeen: row.heartbeat, clusters: [...leaseOf.values()].filter((lease) => lease.holder === row.id).map((lease) => lease.cluster) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    store: reach.state === 'ok' ? { state: 'ok', since: null } : { state: 'unreachable', since: reach.since },
  };
}

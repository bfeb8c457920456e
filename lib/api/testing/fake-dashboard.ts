import { mayRead, type ClusterAccess } from '@/lib/auth/access';
import { dashboardSlot, type ClusterRuntime, type Dashboard } from '@/lib/runtime';

/** Route tests: one fake cluster named FAKE_CLUSTER in a dashboard that holds only it. */
export const FAKE_CLUSTER = 'c';

export function installCluster(cluster: ClusterRuntime | null): void {
  dashboardSlot().dashboard = cluster === null ? null : fakeDashboard([withoutCycles(cluster)]);
}

/** A fake cluster runs no cycles, so nothing ever follows a commit (lib/api/per-cycle.test.ts covers the warming). */
function withoutCycles(cluster: ClusterRuntime): ClusterRuntime {
  if (typeof cluster.afterCommit !== 'function') Object.assign(cluster, { afterCommit: () => () => undefined });
  return cluster;
}

function fakeDashboard(clusters: ClusterRuntime[]): Dashboard {
  const dashboard = {
    mode: 'config',
    clusters,
    now: () => clusters[0]?.now() ?? Date.now(),
    cluster: (name: string) => (name === FAKE_CLUSTER ? (clusters[0] ?? null) : null),
    visibleTo: (access: ClusterAccess) => (mayRead(access, FAKE_CLUSTER) ? dashboard : fakeDashboard([])),
  } as unknown as Dashboard;
  return dashboard;
}

/** The second argument Next passes a route handler under /api/clusters/[cluster]/…. */
export function clusterContext(name = FAKE_CLUSTER) {
  return { params: Promise.resolve({ cluster: name }) };
}

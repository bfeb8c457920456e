import { dashboardSlot, type ClusterRuntime, type Dashboard } from '@/lib/runtime';

/** Route tests: one fake cluster named FAKE_CLUSTER in a dashboard that holds only it. */
export const FAKE_CLUSTER = 'c';

export function installCluster(cluster: ClusterRuntime | null): void {
  dashboardSlot().dashboard =
    cluster === null
      ? null
      : ({
          mode: 'config',
          clusters: [cluster],
          now: () => cluster.now(),
          cluster: (name: string) => (name === FAKE_CLUSTER ? cluster : null),
        } as unknown as Dashboard);
}

/** The second argument Next passes a route handler under /api/clusters/[cluster]/…. */
export function clusterContext(name = FAKE_CLUSTER) {
  return { params: Promise.resolve({ cluster: name }) };
}

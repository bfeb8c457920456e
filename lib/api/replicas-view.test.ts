import { describe, expect, it } from 'vitest';
import { validateClusterConfig } from '@/lib/config/load';
import { replicasViewSchema } from '@/lib/contract/replicas';
import { Dashboard } from '@/lib/runtime/dashboard';
import { ClusterRuntime } from '@/lib/runtime/runtime';
import { replicasView, SOLO_REPLICA } from './replicas-view';

describe('GET /api/replicas without high availability', () => {
  it('says this process collects every cluster, term 0, and parses with the published schema', async () => {
    const loaded = validateClusterConfig(
      { clusters: ['alpha', 'beta'].map((name) => ({ name, targets: [{ id: `${name}-1`, kind: 'native', url: 'http://127.0.0.1:1' }] })) },
      'test.yaml',
    );
    if (!loaded.ok) throw new Error(loaded.message);
    const dashboard = new Dashboard('config', loaded.config.clusters.map((cluster) => new ClusterRuntime(cluster)), null);
    const view = replicasViewSchema.parse(await replicasView(dashboard, null));
    expect(view).toMatchObject({ replica: SOLO_REPLICA, enabled: false, store: { state: 'ok', since: null } });
    expect(view.clusters.map((cluster) => [cluster.cluster, cluster.collector?.replica, cluster.collector?.term, cluster.mine, cluster.lastCycleAt])).toEqual([
      ['alpha', SOLO_REPLICA, 0, true, null],
      ['beta', SOLO_REPLICA, 0, true, null],
    ]);
    expect(view.replicas).toEqual([{ id: SOLO_REPLICA, startedAt: dashboard.startedAt, lastSeen: expect.any(Number), clusters: ['alpha', 'beta'] }]);
  });
});

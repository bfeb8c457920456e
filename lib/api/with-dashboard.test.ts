import { afterEach, describe, expect, it } from 'vitest';
import { ACCESS_HEADER, encodeAccess, type ClusterAccess } from '@/lib/auth/access';
import type { ClusterRuntime } from '@/lib/runtime';
import { clusterContext, FAKE_CLUSTER, installCluster } from './testing/fake-dashboard';
import { withCluster, withDashboard } from './with-dashboard';

const cluster = { name: FAKE_CLUSTER, now: () => 1 } as unknown as ClusterRuntime;
const request = (access: ClusterAccess) => new Request('http://127.0.0.1/api/x', { headers: { [ACCESS_HEADER]: encodeAccess(access) } });

afterEach(() => installCluster(null));

describe('routes see only the clusters the request may read', () => {
  it('a cluster the reader may not see answers 404 like one that does not exist, and lists leave it out', async () => {
    installCluster(cluster);
    const one = withCluster('test', (found) => Response.json({ name: found.name }));
    const all = withDashboard('test', (dashboard) => Response.json(dashboard.clusters.map((each) => each.name)));
    const allowed: ClusterAccess = { user: 'bob', via: 'oidc', clusters: [FAKE_CLUSTER] };
    const denied: ClusterAccess = { user: 'eve', via: 'oidc', clusters: ['other'] };
    expect((await one(request(allowed), clusterContext())).status).toBe(200);
    const hidden = await one(request(denied), clusterContext());
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(await (await all(request(allowed), undefined)).json()).toEqual([FAKE_CLUSTER]);
    expect(await (await all(request(denied), undefined)).json()).toEqual([]);
  });
});

describe('/api/ready, open to probes', () => {
  it('names a waiting cluster only to a reader who may see it', async () => {
    const { GET } = await import('@/app/api/ready/route');
    installCluster({ name: FAKE_CLUSTER, now: () => 1, firstCycleAt: null, targets: [{}, {}] } as unknown as ClusterRuntime);
    const { dashboardSlot } = await import('@/lib/runtime');
    const fake = dashboardSlot().dashboard as unknown as { waitingFor: () => unknown[]; clusters: unknown[] };
    fake.waitingFor = () => fake.clusters;
    const anonymous = await GET(request({ user: null, via: 'anonymous', clusters: [] }));
    expect(anonymous.status).toBe(503);
    expect((await anonymous.json()).error.message).toBe('Waiting for the first full poll cycle of 1 cluster(s).');
    const reader = await GET(request({ user: 'bob', via: 'oidc', clusters: [FAKE_CLUSTER] }));
    expect((await reader.json()).error.message).toBe(`Waiting for the first full poll cycle of "${FAKE_CLUSTER}" (2 targets).`);
  });
});

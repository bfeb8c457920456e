import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeReportWireSchema, syncDocSchema } from '@/lib/contract/admin-v1';
import { DEMO_CLUSTERS, ManualClock, startDemoClusters } from './index';
import { getJson, post, request } from './test-harness';

describe('startDemoClusters', () => {
  it('starts the six nodes and client of every cluster on loopback, with one control API by cluster, and closes everything', async () => {
    const clock = new ManualClock();
    const demo = await startDemoClusters({ autopilot: false, clock });
    // The Pegasus cluster speaks Pegasus's own pages; its own test covers it (lib/demo-cluster/pegasus).
    const nativeClusters = demo.clusters.filter((cluster) => cluster.name !== 'pegasus');
    const allTargets = nativeClusters.flatMap((cluster) => cluster.targets).flatMap((target) => (target.kind === 'native' ? [target] : []));
    try {
      expect(demo.clusters.map((cluster) => cluster.name)).toEqual(DEMO_CLUSTERS.map((cluster) => cluster.name));
      for (const cluster of nativeClusters) {
        expect(cluster.targets.map((target) => target.id)).toEqual(['node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-6', 'client-1']);
      }
      // Same ids in both clusters, but every node is its own server.
      expect(new Set(allTargets.map((target) => target.url)).size).toBe(7 * nativeClusters.length);
      for (const target of allTargets) {
        expect(target).toMatchObject({ kind: 'native', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
        const { status, json } = await getJson(`${target.url}/admin/v1/report`);
        expect(status).toBe(200);
        expect(nodeReportWireSchema.parse(json).node.id).toBe(target.id);
      }
      expect(demo.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await getJson(`${demo.controlUrl}/clusters`)).json).toEqual([...DEMO_CLUSTERS.map(({ name }) => ({ name })), { name: 'olric' }, { name: 'pika' }]);
      expect((await getJson(`${demo.controlUrl}/clusters/olric/state`)).json).toMatchObject({ racing: false, targets: demo.olric.targets });
      expect((await getJson(`${demo.controlUrl}/clusters/pika/state`)).json).toMatchObject({
        targets: demo.pika.targets.map(({ id, address }) => ({ id, address })),
        scenarios: [{ name: 'full-sync-retries-exhausted', running: false }, { name: 'registration-loop', running: false }],
      });
      expect((await post(`${demo.controlUrl}/clusters/pika/scenarios/registration-loop/start?mode=loud`)).status).toBe(400);
      // The go-quai network: five nodes, each a JSON-RPC server, a metrics page and its two log files.
      expect(demo.goquai.targets.map((target) => [target.id, target.kind, target.logs.map((source) => path.basename(source.paths[0]))])).toEqual(
        ['quai-1', 'quai-2', 'quai-3', 'quai-4', 'quai-5'].map((id) => [id, 'goquai', ['peers.log', 'global.log']]),
      );
      for (const target of demo.goquai.targets) {
        const rpc = await fetch(target.rpcUrl, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'net_peerCount', params: [] }) });
        expect(await rpc.json()).toEqual({ jsonrpc: '2.0', id: 1, result: expect.stringMatching(/^0x[1-9a-f][0-9a-f]*$/) });
      }
      for (const { name } of DEMO_CLUSTERS) expect((await getJson(`${demo.controlUrl}/clusters/${name}/targets`)).status).toBe(200);
      expect((await getJson(`${demo.controlUrl}/clusters/nope/targets`)).status).toBe(404);
      // A fault in one cluster stays there.
      expect((await post(`${demo.controlUrl}/clusters/steady/nodes/node-2/crash`)).status).toBe(200);
      const [incidentsNode2, steadyNode2] = [allTargets[1], allTargets[8]];
      expect(await request(`${steadyNode2.url}/admin/v1/node`)).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
      expect(await request(`${incidentsNode2.url}/admin/v1/node`)).toMatchObject({ kind: 'answer', status: 200 });
    } finally {
      await demo.close();
    }
    for (const target of allTargets) expect(await request(`${target.url}/admin/v1/node`)).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
    for (const target of demo.pika.targets) expect(await request(`http://${target.address}/`)).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
    expect(await request(`${demo.controlUrl}/clusters`)).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
  });

  it('runs on the real clock with its own timer and closes cleanly', async () => {
    const cluster = await startDemoClusters({ autopilot: true, tickMs: 50 });
    try {
      const first0 = cluster.clusters[0].targets[0];
      const url = first0.kind === 'native' ? first0.url : '';
      const primaryOffset = async () => syncDocSchema.parse((await getJson(`${url}/admin/v1/sync`)).json).links[0].primaryOffset ?? 0;
      const first = await primaryOffset();
      // Real time moves on its own; every answer is brought up to it.
      await expect.poll(primaryOffset, { timeout: 3000, interval: 100 }).toBeGreaterThan(first);
    } finally {
      await cluster.close();
    }
  });

  it('leaves no server, socket or timer behind after close', async () => {
    const count = () =>
      process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap' || kind === 'Timeout').length;
    const before = count();
    const cluster = await startDemoClusters({ autopilot: true, tickMs: 50 });
    // Seven node servers and the engine's timer per cluster, and the control server.
    expect(count()).toBeGreaterThanOrEqual(before + 8 * DEMO_CLUSTERS.length + 1);
    const first0 = cluster.clusters[0].targets[0];
    const url = first0.kind === 'native' ? first0.url : '';
    await request(`${url}/admin/v1/report`);
    await request(`${cluster.controlUrl}/clusters/incidents/nodes/node-1/hang`, { method: 'POST' });
    const hung = request(`${url}/admin/v1/node`, { timeoutMs: 5000 });
    await cluster.close();
    expect(await hung).toMatchObject({ kind: 'error' });
    await expect.poll(count, { timeout: 2000, interval: 50 }).toBeLessThanOrEqual(before);
  });

  it('refuses options that would break it', async () => {
    await expect(startDemoClusters({ tickMs: 0 })).rejects.toThrow(/tickMs/);
    await expect(startDemoClusters({ controlPort: 70_000 })).rejects.toThrow(/controlPort/);
  });
});

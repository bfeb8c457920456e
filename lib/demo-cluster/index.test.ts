import { describe, expect, it } from 'vitest';
import { nodeReportWireSchema, syncDocSchema } from '@/lib/contract/admin-v1';
import { ManualClock, startDemoCluster } from './index';
import { getJson, request } from './test-harness';

describe('startDemoCluster', () => {
  it('starts six nodes and the client on loopback, with a control API, and closes everything', async () => {
    const clock = new ManualClock();
    const cluster = await startDemoCluster({ autopilot: false, clock });
    try {
      expect(cluster.targets.map((target) => target.id)).toEqual(['node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-6', 'client-1']);
      expect(new Set(cluster.targets.map((target) => target.url)).size).toBe(7);
      for (const target of cluster.targets) {
        expect(target).toMatchObject({ kind: 'native', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
        const { status, json } = await getJson(`${target.url}/admin/v1/report`);
        expect(status).toBe(200);
        expect(nodeReportWireSchema.parse(json).node.id).toBe(target.id);
      }
      expect(cluster.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await getJson(`${cluster.controlUrl}/targets`)).status).toBe(200);
    } finally {
      await cluster.close();
    }
    for (const target of cluster.targets) expect(await request(`${target.url}/admin/v1/node`)).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
    expect(await request(`${cluster.controlUrl}/targets`)).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
  });

  it('runs on the real clock with its own timer and closes cleanly', async () => {
    const cluster = await startDemoCluster({ autopilot: true, tickMs: 50 });
    try {
      const primaryOffset = async () => syncDocSchema.parse((await getJson(`${cluster.targets[0].url}/admin/v1/sync`)).json).links[0].primaryOffset ?? 0;
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
    const cluster = await startDemoCluster({ autopilot: true, tickMs: 50 });
    // Seven node servers, the control server and the engine's timer.
    expect(count()).toBeGreaterThanOrEqual(before + 9);
    await request(`${cluster.targets[0].url}/admin/v1/report`);
    await request(`${cluster.controlUrl}/nodes/node-1/hang`, { method: 'POST' });
    const hung = request(`${cluster.targets[0].url}/admin/v1/node`, { timeoutMs: 5000 });
    await cluster.close();
    expect(await hung).toMatchObject({ kind: 'error' });
    await expect.poll(count, { timeout: 2000, interval: 50 }).toBeLessThanOrEqual(before);
  });

  it('refuses options that would break it', async () => {
    await expect(startDemoCluster({ tickMs: 0 })).rejects.toThrow(/tickMs/);
    await expect(startDemoCluster({ controlPort: 70_000 })).rejects.toThrow(/controlPort/);
  });
});

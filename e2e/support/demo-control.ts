import { expect, type APIRequestContext } from '@playwright/test';
import type { ClusterView, FindingsView } from '@/lib/contract/api';
import type { NodeStatus } from '@/lib/contract/report';

/**
 * Drives the demo cluster through its loopback control API (never used by the
 * dashboard itself). playwright.config.ts exports its URL as DEMO_CONTROL_URL.
 */

export const DEMO_NODES = ['node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-6', 'client-1'] as const;

export type NodeFault = 'crash' | 'restore' | 'hang' | 'garbage' | 'oversize' | 'invalid' | 'clear';

function controlUrl(path: string): string {
  const base = process.env.DEMO_CONTROL_URL;
  if (!base) throw new Error('DEMO_CONTROL_URL is not set; run the specs through playwright.config.ts');
  // The base names the demo cluster the specs drive (/clusters/<name>); paths are relative to it.
  const url = new URL(`${base}${path}`);
  if (url.hostname !== '127.0.0.1') throw new Error(`the demo control API must be on 127.0.0.1, not ${url.hostname}`);
  return url.toString();
}

/** POST to the demo cluster's loopback control API, with an optional JSON body. */
export async function control(request: APIRequestContext, path: string, data?: unknown): Promise<void> {
  const response = await request.post(controlUrl(path), data === undefined ? {} : { data });
  expect(response.ok(), `POST ${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
}

/** Crash, hang, corrupt or restore one demo node. */
export async function nodeFault(request: APIRequestContext, nodeId: string, fault: NodeFault): Promise<void> {
  await control(request, `/nodes/${encodeURIComponent(nodeId)}/${fault}`);
}

/** Everything back to the healthy baseline: scenarios stopped, every node up and without faults. */
export async function resetDemo(request: APIRequestContext): Promise<void> {
  await control(request, '/reset');
}

/** The dashboard's own view of the cluster the specs drive. */
export async function clusterView(request: APIRequestContext): Promise<ClusterView> {
  const response = await request.get('/api/clusters/incidents');
  expect(response.ok()).toBe(true);
  return (await response.json()) as ClusterView;
}

/** What the dashboard currently says about one node. */
export async function nodeStatus(request: APIRequestContext, nodeId: string): Promise<NodeStatus | undefined> {
  const cluster = await clusterView(request);
  return cluster.nodes.find((node) => node.id === nodeId)?.status;
}

/** Findings as the dashboard lists them. */
export async function findings(request: APIRequestContext, status: 'active' | 'resolved' | 'all'): Promise<FindingsView['findings']> {
  const response = await request.get(`/api/clusters/incidents/findings?status=${status}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as FindingsView).findings;
}

/** Waits until every demo node is ok again (after a reset), so the next spec starts from a healthy cluster. */
export async function waitForHealthy(request: APIRequestContext, timeoutMs: number): Promise<void> {
  await expect
    .poll(async () => (await clusterView(request)).nodes.filter((node) => node.status !== 'ok').map((node) => node.id), {
      timeout: timeoutMs,
      message: 'every demo node should be ok',
    })
    .toEqual([]);
}

/** Scenarios need every demo node answering (a restored node may still be in the collector's backoff). */
export async function waitForAllOk(request: APIRequestContext): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/clusters/incidents');
        if (!response.ok()) return ['(cluster not ready)'];
        const cluster = (await response.json()) as { nodes: { id: string; status: string }[] };
        return cluster.nodes.filter((node) => node.status !== 'ok').map((node) => node.id);
      },
      { timeout: 60_000, message: 'every demo node should answer before the scenario starts' },
    )
    .toEqual([]);
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { spawnDashboard, waitForExit, waitForHealth, type SpawnedDashboard } from './support/spawn-dashboard';

const basePort = Number(new URL(process.env.DASHBOARD_URL ?? 'http://127.0.0.1:3100').port) + 20;
const dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-e2e-'));

test('a bad config stops start-up with the file, the path and what was expected', async () => {
  const file = path.join(dir, 'bad.yaml');
  writeFileSync(file, 'cluster: x\npollIntervall: 5s\ntargets:\n  - { id: a, kind: native, url: "ftp://10.0.0.1" }\n');
  const dashboard = spawnDashboard(basePort, { CLUSTER_CONFIG: file });
  try {
    const code = await waitForExit(dashboard.process, 30_000);
    expect(code).not.toBe(0);
    expect(dashboard.output()).toContain(`Invalid cluster config ${file}:`);
    expect(dashboard.output()).toContain('targets[0].url: expected an http(s) URL');
    expect(dashboard.output()).toContain('unknown key "pollIntervall"');
  } finally {
    await dashboard.stop();
  }
});

test.describe('a configured cluster with a credential', () => {
  const secret = 'tok-3f9a-do-not-leak-7c21';
  let dashboard: SpawnedDashboard;

  test.beforeAll(async ({ request }) => {
    // Point a config-mode dashboard at the shared demo cluster's nodes, with a bearer token from the env.
    const targets = (await (await request.get(`${process.env.DEMO_CONTROL_URL}/targets`)).json()) as { id: string; url: string }[];
    const file = path.join(dir, 'cluster.yaml');
    const lines = ['cluster: configured', 'pollInterval: 1s', 'requestTimeout: 800ms', 'targets:'];
    for (const target of targets) lines.push(`  - { id: ${target.id}, kind: native, url: "${target.url}", bearerTokenEnv: STORE_TOKEN }`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    dashboard = spawnDashboard(basePort + 1, { CLUSTER_CONFIG: file, STORE_TOKEN: secret });
    await waitForHealth(dashboard.url);
  });

  test.afterAll(async () => {
    await dashboard?.stop();
  });

  test('polls the configured targets and never hands the credential to the browser', async ({ page, request }) => {
    await expect.poll(async () => (await request.get(`${dashboard.url}/api/ready`)).status(), { timeout: 20_000 }).toBe(200);
    const cluster = await (await request.get(`${dashboard.url}/api/clusters/configured`)).json();
    expect(cluster).toMatchObject({ cluster: 'configured', mode: 'config' });
    expect(cluster.nodes.filter((node: { status: string }) => node.status === 'ok').length).toBeGreaterThan(0);

    const bodies: string[] = [];
    for (const route of ['/api/clusters', '/api/findings', ...['', '/findings', '/nodes/node-1', '/peers', '/sync', '/routing', '/failover', '/logs'].map((view) => `/api/clusters/configured${view}`)]) {
      const response = await request.get(`${dashboard.url}${route}`);
      expect(response.status(), route).toBe(200);
      bodies.push(await response.text());
    }
    await page.goto(`${dashboard.url}/clusters/configured/nodes/node-1`);
    await expect(page.getByRole('heading', { name: /node-1/ }).first()).toBeVisible();
    bodies.push(await page.content());
    for (const body of bodies) expect(body).not.toContain(secret);
  });

  test('takes no target address from a request', async ({ request }) => {
    const probes = [
      '/api/clusters/configured?target=http://127.0.0.1:1',
      '/api/clusters/configured/nodes/node-1?url=http://127.0.0.1:1',
      '/api/clusters/configured/findings?node=http%3A%2F%2F127.0.0.1%3A1',
    ];
    const statuses = await Promise.all(probes.map(async (probe) => (await request.get(`${dashboard.url}${probe}`)).status()));
    expect(statuses).toEqual([400, 400, 404]);
    const body = await (await request.get(`${dashboard.url}/api/clusters/configured/nodes/${encodeURIComponent('http://127.0.0.1:1')}`)).json();
    expect(body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('no target with id') } });
  });
});

test('the API answers errors in one shape and publishes the node contract', async ({ request }) => {
  const unknownParam = await request.get('/api/clusters/incidents/findings?colour=red');
  expect(unknownParam.status()).toBe(400);
  expect(await unknownParam.json()).toEqual({ error: { code: 'bad_request', message: 'unknown query parameter "colour"' } });
  const badValue = await request.get('/api/clusters/incidents/findings?status=maybe');
  expect(badValue.status()).toBe(400);
  expect((await badValue.json()).error.message).toMatch(/^query parameter status:/);
  const contract = await (await request.get('/api/contract')).json();
  expect(contract.openapi).toBe('3.1.0');
  expect(Object.keys(contract.paths)).toContain('/admin/v1/report');
  expect((await request.get('/api/health')).status()).toBe(200);
});

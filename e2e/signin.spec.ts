import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { seal, sealKeyFrom } from '../lib/auth/sealed-cookie';
import { startTestProvider, TEST_CLIENT, type TestProvider } from '../lib/auth/testing/test-provider';
import { spawnDashboard, waitForExit, waitForHealth, type SpawnedDashboard } from './support/spawn-dashboard';

/**
 * Sign-in end to end: production servers with `auth` configured, a real
 * OpenID Provider (oidc-provider) on loopback, and Chromium. Two clusters,
 * alpha and beta, over the shared demo cluster's nodes; bob (group team-a)
 * may see alpha only, alice (group ops) both.
 * Ports: the e2e port + 60…63 (other specs use +10, +20…, +30); the provider's is chosen by the OS.
 */
const e2ePort = Number(new URL(process.env.DASHBOARD_URL ?? 'http://127.0.0.1:3100').port);
const OIDC_PORT = e2ePort + 60;
const PROXY_PORT = e2ePort + 61;
const EXPOSED_PORT = e2ePort + 62;
const SESSION_KEY = 'e2e-session-key-with-enough-random-characters-0123';
const METRICS_TOKEN = 'metrics-scraper-token-0123456789';
const dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-signin-'));
const VIEWS = ['', '/findings', '/nodes/node-1', '/peers', '/sync', '/routing', '/failover', '/logs'];

async function writeClustersConfig(request: APIRequestContext, name: string, auth: string[]): Promise<string> {
  const targets = (await (await request.get(`${process.env.DEMO_CONTROL_URL}/targets`)).json()) as { id: string; url: string }[];
  const lines = ['clusters:'];
  for (const [cluster, members] of [
    ['alpha', targets],
    ['beta', targets.slice(0, 2)],
  ] as const) {
    lines.push(`  - name: ${cluster}`, '    pollInterval: 1s', '    requestTimeout: 800ms', '    targets:');
    for (const target of members) lines.push(`      - { id: ${target.id}, kind: native, url: "${target.url}" }`);
  }
  lines.push('auth:', ...auth.map((line) => `  ${line}`));
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

test.describe('OpenID Connect', () => {
  let provider: TestProvider;
  let dashboard: SpawnedDashboard;
  const url = `http://127.0.0.1:${OIDC_PORT}`;

  test.beforeAll(async ({ request }) => {
    provider = await startTestProvider(`${url}/auth/callback`);
    const file = await writeClustersConfig(request, 'oidc.yaml', [
      'mode: oidc',
      `issuer: "${provider.issuer}"`,
      `clientId: ${TEST_CLIENT.id}`,
      'clientSecretEnv: E2E_OIDC_SECRET',
      `externalUrl: "${url}"`,
      'sessionKeyEnv: E2E_SESSION_KEY',
      'access:',
      '  - { group: ops, clusters: ["*"] }',
      '  - { group: team-a, clusters: [alpha] }',
      'tokens:',
      '  - { name: prometheus, tokenEnv: E2E_METRICS_TOKEN, clusters: [beta] }',
    ]);
    dashboard = spawnDashboard(OIDC_PORT, {
      CLUSTER_CONFIG: file,
      HOSTNAME: '0.0.0.0',
      E2E_OIDC_SECRET: TEST_CLIENT.secret,
      E2E_SESSION_KEY: SESSION_KEY,
      E2E_METRICS_TOKEN: METRICS_TOKEN,
    });
    await waitForHealth(dashboard.url);
  });

  test.afterAll(async () => {
    await dashboard?.stop();
    await provider?.close();
  });

  async function signIn(page: Page, user: string, path: string) {
    await page.goto(`${url}${path}`);
    await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
    await page.locator('input[name="login"]').fill(user);
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  test('without a session pages go to the provider and APIs answer 401', async ({ page, request }) => {
    for (const route of ['/api/clusters', '/api/findings', '/api/clusters/alpha/sync', '/metrics']) {
      const response = await request.get(`${url}${route}`);
      expect(response.status(), route).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect((await request.get(`${url}/api/health`)).status()).toBe(200);
    await page.goto(`${url}/clusters/alpha/sync`);
    await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
    await expect(page.locator('input[name="login"]')).toBeVisible();
  });

  test('bob logs in, sees only alpha in every page and API, and logs out', async ({ page }) => {
    await signIn(page, 'bob', '/clusters/alpha/sync');
    await expect(page).toHaveURL(`${url}/clusters/alpha/sync`);
    await expect(page.getByLabel('Signed in as')).toHaveText('bob');
    const cookie = (await page.context().cookies(url)).find((each) => each.name === 'clusterscope-session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    // The only cluster bob may see is the whole home page.
    await page.goto(`${url}/`);
    await expect(page).toHaveURL(`${url}/clusters/alpha`);
    const beta = await page.goto(`${url}/clusters/beta/sync`);
    expect(beta?.status()).toBe(404);

    const api = page.request;
    const clusters = await (await api.get(`${url}/api/clusters`)).json();
    expect(clusters.clusters.map((cluster: { name: string }) => cluster.name)).toEqual(['alpha']);
    const findings = await (await api.get(`${url}/api/findings`)).json();
    for (const finding of findings.findings) expect(finding.cluster).toBe('alpha');
    expect((await api.get(`${url}/api/findings?cluster=beta`)).status()).toBe(404);
    for (const view of VIEWS) {
      expect((await api.get(`${url}/api/clusters/alpha${view}`)).status(), `alpha${view}`).toBe(200);
      expect((await api.get(`${url}/api/clusters/beta${view}`)).status(), `beta${view}`).toBe(404);
    }
    const metrics = await (await api.get(`${url}/metrics`)).text();
    expect(metrics).toContain('cluster="alpha"');
    expect(metrics).not.toContain('cluster="beta"');

    await page.getByRole('link', { name: 'Sign out' }).click();
    await expect(page.getByText('Signed out of Clusterscope')).toBeVisible();
    expect((await page.request.get(`${url}/api/clusters`)).status()).toBe(401);
    // Pages send the browser to login again (the provider's own session may then sign it straight back in).
    const again = await page.request.get(`${url}/clusters/alpha`, { maxRedirects: 0 });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toBe(`${url}/auth/login?returnTo=${encodeURIComponent('/clusters/alpha')}`);
  });

  test('alice, in ops, sees both clusters; signed-in pages keep their CSP and break nothing under it', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
    await signIn(page, 'alice', '/');
    await expect(page).toHaveURL(`${url}/`);
    await expect(page.getByRole('link', { name: 'alpha' }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'beta' }).first()).toBeVisible();
    const clusters = await (await page.request.get(`${url}/api/clusters`)).json();
    expect(clusters.clusters.map((cluster: { name: string }) => cluster.name).sort()).toEqual(['alpha', 'beta']);
    // Only the dashboard's pages count: the provider's login page is not ours.
    violations.length = 0;
    for (const view of VIEWS.filter((each) => each !== '/findings')) {
      const response = await page.goto(`${url}/clusters/beta${view}`);
      expect(response?.headers()['content-security-policy'], view).toMatch(/'nonce-[^']+'/);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    }
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
  });

  test('an expired, forged or tampered session is refused', async ({ page, context }) => {
    const key = sealKeyFrom(SESSION_KEY);
    const expired = seal({ user: 'alice', groups: ['ops'], issuedAt: Date.now() - 7_200_000, expiresAt: Date.now() - 1000 }, key, 'session');
    const valid = seal({ user: 'alice', groups: ['ops'], issuedAt: Date.now(), expiresAt: Date.now() + 600_000 }, key, 'session');
    const tampered = `${valid.slice(0, 20)}${valid[20] === 'A' ? 'B' : 'A'}${valid.slice(21)}`;
    const forged = `v1.${Buffer.from(JSON.stringify({ user: 'alice', groups: ['ops'], issuedAt: 0, expiresAt: 9e15 })).toString('base64url')}`;
    const wrongKey = seal({ user: 'alice', groups: ['ops'], issuedAt: Date.now(), expiresAt: Date.now() + 600_000 }, sealKeyFrom('another-key-another-key-another-key'), 'session');
    for (const value of [expired, tampered, forged, wrongKey]) {
      await context.clearCookies();
      await context.addCookies([{ name: 'clusterscope-session', value, url }]);
      expect((await page.request.get(`${url}/api/clusters`)).status()).toBe(401);
      await page.goto(`${url}/clusters/alpha`);
      await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/`));
    }
    // The same cookie, sealed right, is accepted: the refusals above were about the cookie.
    await context.clearCookies();
    await context.addCookies([{ name: 'clusterscope-session', value: valid, url }]);
    expect((await page.request.get(`${url}/api/clusters`)).status()).toBe(200);
  });

  test('a machine token reads /metrics for its clusters; a wrong one is 401', async ({ request }) => {
    const right = await request.get(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(right.status()).toBe(200);
    const text = await right.text();
    expect(text).toContain('cluster="beta"');
    expect(text).not.toContain('cluster="alpha"');
    const wrong = await request.get(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.status()).toBe(401);
  });
});

/** One GET over a connection from a chosen loopback source address (127.0.0.0/8 is all loopback on Linux). */
function getFrom(localAddress: string, port: number, pathname: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, localAddress, path: pathname, headers, agent: false, timeout: 10_000 }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end();
  });
}

test.describe('identity from an authenticating proxy', () => {
  let dashboard: SpawnedDashboard;

  test.beforeAll(async ({ request }) => {
    const file = await writeClustersConfig(request, 'proxy.yaml', ['mode: proxy', 'proxyAddresses: ["127.0.0.1"]', 'access:', '  - { group: team-a, clusters: [alpha] }']);
    dashboard = spawnDashboard(PROXY_PORT, { CLUSTER_CONFIG: file });
    await waitForHealth(dashboard.url);
  });

  test.afterAll(async () => {
    await dashboard?.stop();
  });

  test('the headers count from the proxy address and are ignored from any other', async () => {
    const identity = { 'x-forwarded-user': 'bob', 'x-forwarded-groups': 'team-a' };
    const fromProxy = await getFrom('127.0.0.1', PROXY_PORT, '/api/clusters', identity);
    expect(fromProxy.status).toBe(200);
    expect(JSON.parse(fromProxy.body).clusters.map((cluster: { name: string }) => cluster.name)).toEqual(['alpha']);
    expect((await getFrom('127.0.0.1', PROXY_PORT, '/api/clusters/beta', identity)).status).toBe(404);
    const page = await getFrom('127.0.0.1', PROXY_PORT, '/clusters/alpha', identity);
    expect(page.status).toBe(200);
    expect(page.body).toContain('bob');

    for (const pathname of ['/api/clusters', '/clusters/alpha']) {
      const elsewhere = await getFrom('127.0.0.2', PROXY_PORT, pathname, { ...identity, 'x-forwarded-for': '127.0.0.1', 'x-clusterscope-peer': '127.0.0.1' });
      expect(elsewhere.status, pathname).toBe(401);
    }
    expect((await getFrom('127.0.0.1', PROXY_PORT, '/api/clusters', {})).status).toBe(401);
  });
});

test('a config without auth does not start on 0.0.0.0, and says what to set', async () => {
  const file = path.join(dir, 'exposed.yaml');
  writeFileSync(file, 'cluster: exposed\ntargets:\n  - { id: a, kind: native, url: "http://127.0.0.1:9" }\n');
  const dashboard = spawnDashboard(EXPOSED_PORT, { CLUSTER_CONFIG: file, HOSTNAME: '0.0.0.0' });
  try {
    expect(await waitForExit(dashboard.process, 30_000)).not.toBe(0);
    expect(dashboard.output()).toContain('Refusing to start without sign-in');
    expect(dashboard.output()).toContain('auth: { mode: none }');
  } finally {
    await dashboard.stop();
  }
});

test('the demo says it has no sign-in', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('demo, no sign-in')).toBeVisible();
});

import { execFile, execFileSync } from 'node:child_process';
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { DEMO_CLUSTER } from '../playwright.config';
import { waitForHealthy } from './support/demo-control';

const CLUSTER_PAGES = ['', '/peers', '/sync', '/routing', '/failover', '/logs', '/nodes/node-1'].map((path) => `/clusters/${DEMO_CLUSTER}${path}`);
const PAGES = ['/', '/alerting', ...CLUSTER_PAGES];
const base = new URL(process.env.DASHBOARD_URL ?? 'http://127.0.0.1:3100');

/** A raw request (Playwright's client would not send these: a foreign Host, TRACE). */
function raw(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: base.hostname, port: base.port, method, path, headers, agent: false, timeout: 10_000 }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    request.on('timeout', () => request.destroy(new Error(`${method} ${path} timed out`)));
    request.on('error', reject);
    request.end();
  });
}

test.beforeEach(async ({ request }) => {
  await waitForHealthy(request, 30_000);
});

test('every page carries a CSP with a fresh nonce, and renders under it without a single violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error on ${new URL(page.url()).pathname}: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { cspViolations: string[] }).cspViolations ??= [];
      (window as unknown as { cspViolations: string[] }).cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const response = await page.goto(path);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy, `CSP on ${path}`).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce, `nonce in the CSP of ${path}`).toBeTruthy();
    nonces.add(nonce!);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // Data arrives (client fetches ran) and every inline script carries this request's nonce.
    await page.waitForLoadState('networkidle');
    const scripts = await page.evaluate(() => [...document.scripts].map((script) => ({ inline: !script.src, nonce: script.nonce })));
    for (const script of scripts.filter((s) => s.inline)) expect(script.nonce, `inline script on ${path}`).toBe(nonce);
    const seen = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
    violations.push(...seen.map((violation) => `${path}: ${violation}`));
  }
  expect(nonces.size).toBe(PAGES.length);
  expect(violations).toEqual([]);
});

test('a foreign Host is refused (DNS rebinding); loopback names are answered', async () => {
  const evil = await raw('GET', `/api/clusters/${DEMO_CLUSTER}`, { host: 'evil.example' });
  expect(evil.status).toBe(421);
  expect(JSON.parse(evil.body)).toMatchObject({ error: { code: 'misdirected' } });
  expect((await raw('GET', '/', { host: 'evil.example:3100' })).status).toBe(421);
  expect((await raw('GET', '/api/health', { host: `localhost:${base.port}` })).status).toBe(200);
});

test('TRACE, an undecodable path and unknown parameters get JSON errors, never a 500', async () => {
  const trace = await raw('TRACE', '/api/clusters', { host: base.host });
  expect(trace.status).toBe(405);
  expect(JSON.parse(trace.body)).toMatchObject({ error: { code: 'method_not_allowed' } });
  const undecodable = await raw('GET', `/api/clusters/${DEMO_CLUSTER}/nodes/%ZZ`, { host: base.host });
  expect(undecodable.status).toBe(400);
  expect(JSON.parse(undecodable.body)).toEqual({ error: { code: 'bad_request', message: 'the path is not valid percent-encoding' } });
  for (const path of ['/api/health?x=1', '/api/ready?x=1', '/api/contract?x=1']) expect((await raw('GET', path, { host: base.host })).status).toBe(400);
});

test('schemathesis against /api/openapi: no 5xx, every answer matches its schema', async () => {
  test.setTimeout(240_000);
  let schemathesis: string;
  try {
    schemathesis = execFileSync('bash', ['scripts/ensure-schemathesis.sh'], { encoding: 'utf8', timeout: 180_000 }).trim();
  } catch (error) {
    throw new Error(`schemathesis is needed for this test (python3, python3-venv and pip; scripts/ensure-schemathesis.sh installs it): ${String(error)}`);
  }
  const output = await new Promise<{ code: number; text: string }>((resolve) => {
    execFile(
      schemathesis,
      [
        'run', `${base.origin}/api/openapi`,
        '--checks', 'not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance',
        '--max-examples', '30',
        '--seed', '1313',
        '--request-timeout', '10',
        '--workers', '1',
        '--no-color',
      ],
      { timeout: 200_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, text: `${stdout}\n${stderr}` }),
    );
  });
  // Generated paths can be kilobytes long: cut each line so the report keeps every line's start.
  const report = output.text
    .split('\n')
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)}… (${line.length} characters)` : line))
    .join('\n');
  expect(output.code, report.slice(-8000)).toBe(0);
});

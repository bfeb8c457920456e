import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardMetrics } from './metrics';
import { finding, snapshot } from './testing/fixtures';
import { findingChanges, WebhookSender, type WebhookMessage } from './webhook';

/** A receiver on 127.0.0.1 (OS-picked port) that answers each request as `answer` says. */
type Received = { headers: http.IncomingHttpHeaders; body: WebhookMessage };
async function receiver(answer: (index: number, res: http.ServerResponse) => void) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookMessage });
      answer(received.length - 1, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  cleanups.push(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=secret`, received };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function sender(url: string, metrics: DashboardMetrics, extra: Partial<ConstructorParameters<typeof WebhookSender>[0]> = {}) {
  const webhook = new WebhookSender({ url, headers: { Authorization: 'Bearer t0k3n' }, timeoutMs: 1000, metrics, backoffMs: 20, maxBackoffMs: 80, ...extra });
  cleanups.push(() => webhook.stop());
  return webhook;
}

const message = (n: number): WebhookMessage => ({ version: 1, change: 'raised', cluster: 'alpha', at: new Date(n).toISOString(), finding: finding({ id: `f${n}` }) });

describe('findingChanges', () => {
  it('reports raised, severity changes and resolved findings, each once', () => {
    const first = findingChanges(undefined, snapshot({ active: [finding()] }), 'https://dash.example/');
    expect(first.map((entry) => entry.change)).toEqual(['raised']);
    expect(first[0].url).toBe('https://dash.example/clusters/alpha/nodes/n1');

    const before = new Map([[finding().id, finding()]]);
    expect(findingChanges(before, snapshot({ active: [finding()] }), null)).toEqual([]);
    const regraded = findingChanges(before, snapshot({ active: [finding({ severity: 'warning' })] }), null);
    expect(regraded).toMatchObject([{ change: 'severity_changed', previousSeverity: 'critical', finding: { severity: 'warning' } }]);

    const resolvedFinding = finding({ status: 'resolved', resolvedAt: 3_000 });
    const resolved = findingChanges(before, snapshot({ active: [], resolved: [resolvedFinding] }), null);
    expect(resolved).toMatchObject([{ change: 'resolved', finding: { status: 'resolved', resolvedAt: 3_000 } }]);
    expect(resolved[0].url).toBeUndefined();
  });
});

describe('WebhookSender', () => {
  it('retries a failing receiver with backoff until it accepts, with the configured headers', async () => {
    const hook = await receiver((index, res) => {
      res.statusCode = index < 2 ? 503 : 200;
      res.end();
    });
    const metrics = new DashboardMetrics({ processMetrics: false });
    const webhook = sender(hook.url, metrics);
    webhook.enqueue(message(1));
    await webhook.idle();
    expect(hook.received).toHaveLength(3);
    expect(hook.received.every((entry) => entry.body.finding.id === 'f1')).toBe(true);
    expect(hook.received[0].headers.authorization).toBe('Bearer t0k3n');
    expect(hook.received[0].headers['content-type']).toBe('application/json');
    expect(webhook.status()).toMatchObject({ delivered: 1, failed: 0, dropped: 0, queued: 0 });
    // The status names the receiver without its query (which may hold a token).
    expect(webhook.status().url).not.toContain('secret');
    const page = (await metrics.exposition()).body;
    expect(page).toMatch(/clusterscope_webhook_deliveries_total\{webhook="http:\/\/127\.0\.0\.1:\d+\/hook",outcome="retried"\} 2/);
  });

  it('gives up after maxAttempts, and at once on a 4xx refusal', async () => {
    const down = await receiver((_, res) => {
      res.statusCode = 500;
      res.end();
    });
    const webhook = sender(down.url, new DashboardMetrics({ processMetrics: false }), { maxAttempts: 3 });
    webhook.enqueue(message(1));
    await webhook.idle();
    expect(down.received).toHaveLength(3);
    expect(webhook.status()).toMatchObject({ delivered: 0, failed: 1, lastError: { message: 'HTTP 500' } });

    const refusing = await receiver((_, res) => {
      res.statusCode = 400;
      res.end();
    });
    const strict = sender(refusing.url, new DashboardMetrics({ processMetrics: false }), { maxAttempts: 3 });
    strict.enqueue(message(2));
    await strict.idle();
    expect(refusing.received).toHaveLength(1);
    expect(strict.status()).toMatchObject({ failed: 1 });
  });

  it('bounds its queue, drops the oldest waiting messages, and never blocks the caller', async () => {
    const held: http.ServerResponse[] = [];
    const hook = await receiver((_, res) => held.push(res));
    const metrics = new DashboardMetrics({ processMetrics: false });
    const webhook = sender(hook.url, metrics, { maxQueue: 3, timeoutMs: 5000 });
    const started = performance.now();
    for (let n = 1; n <= 10; n += 1) webhook.enqueue(message(n));
    expect(performance.now() - started).toBeLessThan(50);
    // One message is in delivery (held by the receiver), three wait, six were dropped.
    await expect.poll(() => hook.received.length, { timeout: 2000 }).toBe(1);
    expect(webhook.status()).toMatchObject({ queued: 3, dropped: 6 });
    const release = () => {
      for (const res of held.splice(0)) res.end();
    };
    release();
    const releaser = setInterval(release, 10);
    await webhook.idle();
    clearInterval(releaser);
    // Delivered in order: the first, then the newest three.
    expect(hook.received.map((entry) => entry.body.finding.id)).toEqual(['f1', 'f8', 'f9', 'f10']);
    expect(webhook.status()).toMatchObject({ queued: 0, delivered: 4, dropped: 6 });
    expect((await metrics.exposition()).body).toMatch(/outcome="dropped"\} 6/);
  });

  it('counts a receiver that never answers as a timeout and moves on', async () => {
    const hook = await receiver(() => undefined);
    const webhook = sender(hook.url, new DashboardMetrics({ processMetrics: false }), { maxAttempts: 2, timeoutMs: 150 });
    webhook.enqueue(message(1));
    await webhook.idle();
    expect(hook.received).toHaveLength(2);
    expect(webhook.status()).toMatchObject({ failed: 1, lastError: { message: 'no answer within 150 ms' } });
  });
});

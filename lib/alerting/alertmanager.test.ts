import { describe, expect, it } from 'vitest';
import type { PostableAlert } from './alerts';
import { AlertmanagerNotifier } from './alertmanager';
import { DashboardMetrics } from './metrics';
import { finding, snapshot } from './testing/fixtures';

/** A fetch that records each request and answers only when the test says so. */
function controlledFetch() {
  const requests: { url: string; alerts: PostableAlert[]; answer(status: number): void; fail(error: Error): void }[] = [];
  const fetch = ((url: string, init: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      requests.push({
        url,
        alerts: JSON.parse(String(init.body)) as PostableAlert[],
        answer: (status) => resolve(new Response(status === 200 ? '' : 'refused', { status })),
        fail: reject,
      });
    })) as unknown as typeof globalThis.fetch;
  return { fetch, requests };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function notifier(now: { value: number }, fetch: typeof globalThis.fetch, alertmanagers = ['http://127.0.0.1:9093/']) {
  return new AlertmanagerNotifier({
    alertmanagers,
    externalUrl: null,
    resendIntervalMs: 60_000,
    timeoutMs: 5000,
    metrics: new DashboardMetrics({ processMetrics: false }),
    now: () => now.value,
    fetch,
  });
}

describe('AlertmanagerNotifier', () => {
  it('posts to /api/v2/alerts at once on a change, then only every resend interval', async () => {
    const now = { value: 100_000 };
    const { fetch, requests } = controlledFetch();
    const am = notifier(now, fetch);
    am.update(snapshot({ active: [finding()] }));
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe('http://127.0.0.1:9093/api/v2/alerts');
    expect(requests[0].alerts[0].labels.alertname).toBe('node.unreachable');
    requests[0].answer(200);
    await settle();

    now.value += 5_000;
    am.update(snapshot({ active: [finding()] }));
    expect(requests).toHaveLength(1);
    now.value += 55_000;
    am.update(snapshot({ active: [finding()] }));
    expect(requests).toHaveLength(2);
    // Re-sent alerts push endsAt ahead again.
    expect(Date.parse(requests[1].alerts[0].endsAt)).toBe(now.value + 4 * 60_000);
  });

  it('keeps at most one request in flight per Alertmanager, and sends the latest state after it', async () => {
    const now = { value: 100_000 };
    const { fetch, requests } = controlledFetch();
    const am = notifier(now, fetch);
    am.update(snapshot({ active: [finding()] }));
    am.update(snapshot({ active: [finding(), finding({ id: 'other', subject: { type: 'node', id: 'n2' } })] }));
    expect(requests).toHaveLength(1);
    requests[0].answer(200);
    await settle();
    am.update(snapshot({ active: [finding(), finding({ id: 'other', subject: { type: 'node', id: 'n2' } })] }));
    expect(requests).toHaveLength(2);
    expect(requests[1].alerts.map((alert) => alert.labels.subject)).toEqual(['n1', 'n2']);
  });

  it('sends a resolved finding with endsAt at its resolution, and ends the old label set when the class changes', async () => {
    const now = { value: 100_000 };
    const { fetch, requests } = controlledFetch();
    const am = notifier(now, fetch);
    am.update(snapshot({ active: [finding()] }));
    requests[0].answer(200);
    await settle();

    now.value += 1_000;
    am.update(snapshot({ active: [finding({ class: 'persistent' })] }));
    const regraded = requests[1].alerts;
    expect(regraded.map((alert) => [alert.labels.class, Date.parse(alert.endsAt) > now.value])).toEqual([
      ['persistent', true],
      ['transient', false],
    ]);
    requests[1].answer(200);
    await settle();

    now.value += 1_000;
    am.update(snapshot({ active: [], resolved: [finding({ class: 'persistent', status: 'resolved', resolvedAt: now.value - 500 })] }));
    const resolved = requests[2].alerts.filter((alert) => alert.labels.class === 'persistent');
    expect(resolved).toHaveLength(1);
    expect(resolved[0].endsAt).toBe(new Date(now.value - 500).toISOString());
  });

  it('counts failures with their reason, keeps the other Alertmanagers going, and retries on the next update', async () => {
    const now = { value: 100_000 };
    const { fetch, requests } = controlledFetch();
    const am = notifier(now, fetch, ['http://127.0.0.1:9093', 'http://127.0.0.1:9094']);
    am.update(snapshot({ active: [finding()] }));
    expect(requests).toHaveLength(2);
    requests[0].fail(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9093') }));
    requests[1].answer(200);
    await settle();
    const [down, up] = am.status();
    expect(down).toMatchObject({ failed: 1, consecutiveFailures: 1, sent: 0, lastError: { message: 'fetch failed: connect ECONNREFUSED 127.0.0.1:9093' } });
    expect(up).toMatchObject({ failed: 0, sent: 1 });

    am.update(snapshot({ active: [finding()] }));
    expect(requests.map((request) => request.url)).toEqual([
      'http://127.0.0.1:9093/api/v2/alerts',
      'http://127.0.0.1:9094/api/v2/alerts',
      'http://127.0.0.1:9093/api/v2/alerts',
    ]);
    requests[2].answer(400);
    await settle();
    expect(am.status()[0]).toMatchObject({ failed: 2, consecutiveFailures: 2, lastError: { message: 'HTTP 400: refused' } });
  });
});

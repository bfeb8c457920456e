import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { alertingConfigSchema } from './config';
import { DashboardMetrics } from './metrics';
import { AlertingNotifier } from './notifier';
import { finding, snapshot } from './testing/fixtures';

/** A webhook receiver on 127.0.0.1 (OS-picked port) counting what it gets. */
let server: http.Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

describe('webhooks with high availability', () => {
  it('a standby sends no webhook message (they do not deduplicate); the collecting replica does, and only what changed since the standby last saw', async () => {
    const received: string[] = [];
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push((JSON.parse(body) as { finding: { id: string } }).finding.id);
        response.end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const notifier = new AlertingNotifier({ config: alertingConfigSchema.parse({ webhooks: [{ url }] }), metrics: new DashboardMetrics({ processMetrics: false }) });
    try {
      notifier.update({ ...snapshot({ active: [finding({ id: 'a' })] }), collecting: false });
      // Taken over: finding "a" was already announced by the old collector; only "b" is new.
      notifier.update({ ...snapshot({ active: [finding({ id: 'a' }), finding({ id: 'b' })] }), collecting: true });
      await expect.poll(() => notifier.status().webhooks[0].delivered, { timeout: 5000 }).toBe(1);
      expect(received).toEqual(['b']);
    } finally {
      await notifier.stop();
    }
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { validateClusterConfig } from '@/lib/config/load';
import { startGoquaiNodeServers, type GoquaiNodeServers } from '@/lib/demo-cluster/goquai/node-server';
import type { PollOptions } from '../types';
import { GoquaiAdapter } from './adapter';

/** Every server here listens on 127.0.0.1 with a port the OS picks (port 0). */

const numbers = { network: '1', incoming: 4, outgoing: 6, metricsPeers: 10, streams: 20, sent: 70, received: 110 };
const options = (overrides: Partial<PollOptions> = {}): PollOptions => ({ timeoutMs: 1000, maxResponseBytes: 64 * 1024, logsAfter: null, logsLimit: 100, now: () => Date.now(), ...overrides });

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function nodeServers(): Promise<GoquaiNodeServers> {
  const servers = await startGoquaiNodeServers(() => numbers);
  closers.push(() => servers.close());
  return servers;
}

async function rawServer(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function adapter(rpcUrl: string, metricsUrl?: string): GoquaiAdapter {
  const created = new GoquaiAdapter({ id: 'q1', kind: 'goquai', rpcUrl, ...(metricsUrl ? { metricsUrl } : {}) });
  closers.push(() => created.close());
  return created;
}

describe('goquai adapter over HTTP', () => {
  it('one JSON-RPC batch and the metrics page make the node ok with its counts; peers come from logs', async () => {
    const servers = await nodeServers();
    const report = await adapter(servers.rpcUrl, servers.metricsUrl).poll(options());
    expect(report).toMatchObject({
      status: 'ok',
      kind: 'goquai',
      peers: null,
      unavailable: ['peers', 'sync', 'routing', 'logs'],
      node: { id: 'q1', role: 'peer', cluster: 'quai network 1', startedAt: 'unknown', now: 'unknown' },
      peerCounts: { listening: true, network: '1', total: 10, incoming: 4, outgoing: 6, metricsPeers: 10, metricsStreams: 20, messagesSent: 70, messagesReceived: 110, metricsConfigured: true, problems: [] },
    });
  });

  it('without a metricsUrl the metrics are unknown, not zero', async () => {
    const servers = await nodeServers();
    const report = await adapter(servers.rpcUrl).poll(options());
    expect(report.peerCounts).toMatchObject({ total: 10, metricsPeers: null, messagesSent: null, metricsConfigured: false });
  });

  it('a huge metrics page is cut at the size cap and said so; the RPC counts stay', async () => {
    const servers = await nodeServers();
    const huge = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // Chunked, no content-length: the cap must stop the stream itself.
      for (let i = 0; i < 2000; i++) res.write(`MessageCounters{label="filler${i}"} ${i}\n`.repeat(20));
      res.end('PeerGauges{label="numPeers"} 10\n');
    });
    const report = await adapter(servers.rpcUrl, `${huge}/metrics`).poll(options({ maxResponseBytes: 32 * 1024 }));
    expect(report.status).toBe('ok');
    expect(report.peerCounts?.metricsPeers).toBeNull();
    expect(report.peerCounts?.total).toBe(10);
    expect(report.peerCounts?.problems).toEqual([expect.stringMatching(/^metrics: answer from 127\.0\.0\.1:\d+\/metrics is larger than maxResponseBytes \(32768 bytes\)/)]);
  });

  it('garbage from the RPC port is a bad response, not zero peers', async () => {
    const url = await rawServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    const report = await adapter(url).poll(options());
    expect(report).toMatchObject({ status: 'bad_response', reason: { code: 'protocol', message: expect.stringContaining('not JSON') } });
    expect(report.peerCounts ?? null).toBeNull();
  });

  it('an RPC that answers 500 is a bad response; one that is down is unreachable; one that hangs is a timeout', async () => {
    const failing = await rawServer((_req, res) => res.writeHead(500).end('boom'));
    expect(await adapter(failing).poll(options())).toMatchObject({ status: 'bad_response', reason: { code: 'http_status' } });
    const closedPort = await rawServer(() => undefined);
    await closers.pop()!();
    expect(await adapter(closedPort).poll(options())).toMatchObject({ status: 'unreachable', reason: { code: 'refused' } });
    const hanging = await rawServer(() => undefined);
    expect(await adapter(hanging).poll(options({ timeoutMs: 200 }))).toMatchObject({ status: 'timeout', reason: { code: 'timeout' } });
  });

  it('a metrics port that is down leaves the node ok with the metrics unknown and the reason', async () => {
    const servers = await nodeServers();
    const closedPort = await rawServer(() => undefined);
    await closers.pop()!();
    const report = await adapter(servers.rpcUrl, `${closedPort}/metrics`).poll(options());
    expect(report.status).toBe('ok');
    expect(report.peerCounts).toMatchObject({ metricsPeers: null, problems: [expect.stringContaining('connection refused')] });
  });
});

describe('goquai target config', () => {
  it('takes rpcUrl, an optional metricsUrl and log sources; refuses credentials in URLs and unknown keys', () => {
    const ok = validateClusterConfig(
      {
        cluster: 'quai',
        targets: [
          {
            id: 'q1',
            kind: 'goquai',
            rpcUrl: 'http://10.0.0.5:9001',
            metricsUrl: 'http://10.0.0.5:6060/metrics',
            logs: [{ type: 'file', paths: ['/var/log/quai/nodelogs/peers.log'], format: 'logrus' }],
          },
        ],
      },
      'quai.yaml',
    );
    expect(ok.ok).toBe(true);
    const bad = validateClusterConfig({ cluster: 'quai', targets: [{ id: 'q1', kind: 'goquai', rpcUrl: 'http://u:p@10.0.0.5:9001', peersLog: '/x' }] }, 'quai.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.message).toContain('targets[0].rpcUrl');
      expect(bad.message).toContain('peersLog');
    }
  });
});

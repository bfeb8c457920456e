import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A go-quai node's two HTTP faces, as the real node answers them:
 * - JSON-RPC on POST (go-quai's rpc/http.go, geth-derived): one call or a
 *   batch; `net_listening` → true, `net_version` → decimal text,
 *   `net_peerCount` → hexutil.Uint, `net_peerCountByDirection` →
 *   {incoming, outgoing} hexutil.Uint (internal/quaiapi/api.go PublicNetAPI);
 *   an unknown method → error -32601 "the method X does not exist/is not available";
 * - the Prometheus page at /metrics (metrics_config/metrics.go: vectors with the label `label`).
 */

export type NodeNumbers = { network: string; incoming: number; outgoing: number; metricsPeers: number; streams: number; sent: number; received: number };

const hex = (value: number) => `0x${value.toString(16)}`;

type Call = { jsonrpc?: unknown; id?: unknown; method?: unknown };

function answer(call: Call, numbers: NodeNumbers): Record<string, unknown> {
  const id = call.id ?? null;
  switch (call.method) {
    case 'net_listening':
      return { jsonrpc: '2.0', id, result: true };
    case 'net_version':
      return { jsonrpc: '2.0', id, result: numbers.network };
    case 'net_peerCount':
      return { jsonrpc: '2.0', id, result: hex(numbers.incoming + numbers.outgoing) };
    case 'net_peerCountByDirection':
      return { jsonrpc: '2.0', id, result: { incoming: hex(numbers.incoming), outgoing: hex(numbers.outgoing) } };
    default:
      return { jsonrpc: '2.0', id, error: { code: -32601, message: `the method ${String(call.method)} does not exist/is not available` } };
  }
}

export function metricsPage(numbers: NodeNumbers): string {
  return [
    '# HELP MessageCounters Counters to track messages sent over the P2P layer',
    '# TYPE MessageCounters counter',
    `MessageCounters{label="received"} ${numbers.received}`,
    `MessageCounters{label="sent"} ${numbers.sent}`,
    '# HELP PeerGauges Track the number of peers connected to this node',
    '# TYPE PeerGauges gauge',
    `PeerGauges{label="numPeers"} ${numbers.metricsPeers}`,
    '# HELP StreamGauges Track the number of streams opened by this node',
    '# TYPE StreamGauges gauge',
    `StreamGauges{label="NumStreams"} ${numbers.streams}`,
    '',
  ].join('\n');
}

const MAX_BODY = 64 * 1024;

function rpcHandler(numbers: () => NodeNumbers): http.RequestListener {
  return (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end('method not allowed\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }) + '\n');
        return;
      }
      const now = numbers();
      const reply = Array.isArray(body) ? body.map((call: Call) => answer(call, now)) : answer(body as Call, now);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply) + '\n');
    });
  };
}

function metricsHandler(numbers: () => NodeNumbers): http.RequestListener {
  return (req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end('404 page not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(metricsPage(numbers()));
  };
}

async function listen(handler: http.RequestListener): Promise<http.Server> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Port 0: the OS picks a free loopback port.
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return server;
}

export type GoquaiNodeServers = { rpcUrl: string; metricsUrl: string; close(): Promise<void> };

export async function startGoquaiNodeServers(numbers: () => NodeNumbers): Promise<GoquaiNodeServers> {
  const rpc = await listen(rpcHandler(numbers));
  const metrics = await listen(metricsHandler(numbers));
  const port = (server: http.Server) => (server.address() as AddressInfo).port;
  const close = (server: http.Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    rpcUrl: `http://127.0.0.1:${port(rpc)}/`,
    metricsUrl: `http://127.0.0.1:${port(metrics)}/metrics`,
    close: async () => {
      await Promise.all([close(rpc), close(metrics)]);
    },
  };
}

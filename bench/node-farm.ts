/**
 * A farm of N admin API v1 nodes on 127.0.0.1, run in its own process so the
 * collector's CPU figures are not mixed with the servers'. Each node answers
 * a fixed ~3 KB report (like a small real node). Prints the URLs as JSON on
 * stdout's first line, then serves until killed or until stdin closes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const count = Number(process.argv[2] ?? 200);

function reportFor(id: string): string {
  const now = new Date().toISOString();
  const peers = Array.from({ length: 12 }, (_, i) => ({
    id: `peer-${id}-${i}`,
    address: `127.0.0.1:${20000 + i}`,
    category: ['best', 'responsive', 'lastResort'][i % 3],
    score: 50 + i,
    since: now,
  }));
  return JSON.stringify({
    node: { id, cluster: 'bench', role: 'replica', version: '2.4.1', startedAt: now, now },
    peers: { categories: ['best', 'responsive', 'lastResort'], peers, readErrors: [] },
    sync: {
      links: [
        { id: `p->${id}`, primary: 'p', replica: id, state: 'in_sync', attempts: 0, maxAttempts: 5, primaryOffset: 123456789, replicaOffset: 123456700, lag: 89, lastIoAt: now, registration: { at: now, result: 'accepted' } },
      ],
    },
    logs: {
      epoch: `e-${id}`,
      entries: [{ cursor: 1, ts: now, level: 'info', component: 'replication', message: 'incremental sync caught up with primary p at offset 123456700' }],
      nextCursor: 1,
      hasMore: false,
      dropped: 0,
    },
  });
}

async function main() {
  const servers: http.Server[] = [];
  const urls: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const body = reportFor(`bench-${i}`);
    const server = http.createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  process.stdout.write(`${JSON.stringify({ urls, reportBytes: Buffer.byteLength(reportFor('bench-0')) })}\n`);
  const shutdown = () => {
    for (const server of servers) server.close();
    process.exit(0);
  };
  process.stdin.on('end', shutdown);
  process.stdin.resume();
  process.on('SIGTERM', shutdown);
}

void main();

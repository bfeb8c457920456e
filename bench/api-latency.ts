/**
 * API latency while the collector polls: the production route handlers
 * (app/api/…/route.ts) served from the measured process by a plain node:http
 * server, and asked by a client in a child process (so the client's own timers
 * never wait behind the collector) the way open pages ask: each view polled in
 * turn with the ETag it last got (`If-None-Match`), plus `/api/health`.
 * Latency is from the client's send to the end of the answer's body.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dashboardSlot, type Dashboard } from '../lib/runtime';
import { GET as health } from '../app/api/health/route';
import { GET as clusterView } from '../app/api/clusters/[cluster]/route';
import { GET as peers } from '../app/api/clusters/[cluster]/peers/route';
import { GET as sync } from '../app/api/clusters/[cluster]/sync/route';
import { GET as routing } from '../app/api/clusters/[cluster]/routing/route';
import { GET as failover } from '../app/api/clusters/[cluster]/failover/route';
import { GET as logs } from '../app/api/clusters/[cluster]/logs/route';
import { GET as findings } from '../app/api/clusters/[cluster]/findings/route';

type Handler = (request: Request, context: { params: Promise<{ cluster: string }> }) => Promise<Response> | Response;

/** View name → route handler and the query the page sends. */
const VIEWS: Record<string, { handler: Handler; suffix: string; query: string }> = {
  cluster: { handler: clusterView, suffix: '', query: '?limit=100' },
  peers: { handler: peers, suffix: '/peers', query: '?limit=100' },
  sync: { handler: sync, suffix: '/sync', query: '?limit=50' },
  routing: { handler: routing, suffix: '/routing', query: '?limit=100' },
  failover: { handler: failover, suffix: '/failover', query: '' },
  logs: { handler: logs, suffix: '/logs', query: '?limit=200' },
  'finding groups': { handler: findings, suffix: '/findings', query: '?status=active&view=groups&limit=50' },
};

export type ApiServer = { url: string; close: () => Promise<void> };

/** Serves the views of `dashboard` on 127.0.0.1 (port 0: the OS picks one). */
export async function startApiServer(dashboard: Dashboard): Promise<ApiServer> {
  dashboardSlot().dashboard = dashboard;
  const server = http.createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
    const request = new Request(url, { headers });
    let response: Response;
    const match = url.pathname.match(/^\/api\/clusters\/([^/]+)(\/[a-z-]+)?$/);
    const view = match ? Object.values(VIEWS).find((candidate) => candidate.suffix === (match[2] ?? '')) : undefined;
    if (url.pathname === '/api/health') response = await health(request);
    else if (match && view) response = await view.handler(request, { params: Promise.resolve({ cluster: decodeURIComponent(match[1]) }) });
    else response = new Response('not found', { status: 404 });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      dashboardSlot().dashboard = null;
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The child's loop: every view in turn every `periodMs`, each with its last ETag; prints latencies per view as JSON at the end. */
const CLIENT = `
const [base, cluster, durationMs, periodMs, viewsJson] = process.argv.slice(1);
const views = JSON.parse(viewsJson);
const etags = {};
const latencies = { health: [] };
for (const name of Object.keys(views)) latencies[name] = [];
const ask = async (name, path) => {
  const started = performance.now();
  const headers = etags[name] ? { 'if-none-match': etags[name] } : {};
  const response = await fetch(base + path, { headers });
  await response.arrayBuffer();
  if (response.headers.get('etag')) etags[name] = response.headers.get('etag');
  latencies[name].push({ ms: performance.now() - started, status: response.status });
};
(async () => {
  const end = Date.now() + Number(durationMs);
  while (Date.now() < end) {
    const round = performance.now();
    await ask('health', '/api/health');
    for (const [name, path] of Object.entries(views)) await ask(name, '/api/clusters/' + cluster + path);
    const rest = Number(periodMs) - (performance.now() - round);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  process.stdout.write(JSON.stringify(latencies));
})().catch((error) => { console.error(error); process.exit(1); });
`;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Asks every view of `cluster` for `durationMs` and returns p50 / p95 / max per view, with the share answered 304. */
export async function measureApiLatency(server: ApiServer, cluster: string, durationMs: number, periodMs = 500): Promise<Record<string, string>> {
  const paths = Object.fromEntries(Object.entries(VIEWS).map(([name, view]) => [name, view.suffix + view.query]));
  const child = spawn(process.execPath, ['-e', CLIENT, server.url, cluster, String(durationMs), String(periodMs), JSON.stringify(paths)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the API latency client exited with ${code}`);
  const latencies = JSON.parse(output) as Record<string, { ms: number; status: number }[]>;
  const row: Record<string, string> = {};
  for (const [name, samples] of Object.entries(latencies)) {
    const ms = samples.map((sample) => sample.ms);
    const notModified = samples.filter((sample) => sample.status === 304).length;
    const failed = samples.filter((sample) => sample.status >= 400).length;
    row[`API ${name}`] =
      `p50 ${percentile(ms, 50).toFixed(1)} / p95 ${percentile(ms, 95).toFixed(1)} / max ${Math.max(...ms).toFixed(0)} ms, ${samples.length} asked, ${notModified} × 304` +
      (failed > 0 ? `, ${failed} failed` : '');
  }
  return row;
}

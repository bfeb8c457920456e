import http from 'node:http';
import {
  ADMIN_V1_PATHS,
  logsDocSchema,
  nodeInfoSchema,
  nodeReportWireSchema,
  peersDocSchema,
  routingDocSchema,
  syncDocSchema,
  type NodeReportWire,
} from '@/lib/contract/admin-v1';
import { ManualClock } from './clock';
import { startControlServer, type ControlServer } from './control-api';
import { DemoRuntime } from './runtime';
import { CLIENT_ID } from './topology';

/** What this folder's tests share: a cluster on a manual clock and a plain HTTP client. */

export type HttpResult =
  | { kind: 'answer'; status: number; body: string; headers: http.IncomingHttpHeaders }
  | { kind: 'error'; code: string }
  | { kind: 'timeout' };

/** One request on a fresh connection (no keep-alive pool left behind), with a client-side timeout. */
export function request(
  url: string,
  options: { method?: string; body?: string; timeoutMs?: number; maxBytes?: number; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: options.method ?? 'GET', agent: false, headers: { connection: 'close', ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          req.destroy();
          resolve({ kind: 'answer', status: res.statusCode ?? 0, body: `<more than ${options.maxBytes} bytes>`, headers: res.headers });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ kind: 'answer', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'error', code: error.code ?? 'ERR' }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ kind: 'timeout' });
    }, options.timeoutMs ?? 3000);
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'error', code: error.code ?? 'ERR' }));
    req.on('close', () => clearTimeout(timer));
    req.end(options.body);
  });
}

export async function getJson(url: string): Promise<{ status: number; json: unknown }> {
  const result = await request(url);
  if (result.kind !== 'answer') throw new Error(`GET ${url}: ${result.kind === 'error' ? result.code : 'timeout'}`);
  return { status: result.status, json: JSON.parse(result.body) };
}

export async function post(url: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const result = await request(url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  if (result.kind !== 'answer') throw new Error(`POST ${url}: ${result.kind === 'error' ? result.code : 'timeout'}`);
  return { status: result.status, json: JSON.parse(result.body) };
}

export const TEST_CLUSTER = 'test';

export type TestCluster = {
  runtime: DemoRuntime;
  clock: ManualClock;
  control: ControlServer;
  url(nodeId: string): string;
  /** Moves the clock in steps (as polls would see it) and waits for restores to finish. */
  advance(ms: number, stepMs?: number): Promise<void>;
  /** GET /admin/v1/report of a node, checked against the schema. */
  report(nodeId: string): Promise<NodeReportWire>;
  /** Every endpoint of every node, each checked against its schema; returns the reports. */
  everyEndpointParses(): Promise<Map<string, NodeReportWire>>;
  close(): Promise<void>;
};

export async function startTestCluster(options: { autopilot?: boolean; seed?: number } = {}): Promise<TestCluster> {
  const clock = new ManualClock();
  const runtime = new DemoRuntime({ clock, tickMs: 250, autopilot: options.autopilot ?? false, seed: options.seed });
  await runtime.start();
  const server = await startControlServer(new Map([[TEST_CLUSTER, runtime]]));
  // Tests address this cluster's part of the control API, as the dashboard's demo does.
  const control: ControlServer = { url: `${server.url}/clusters/${TEST_CLUSTER}`, close: () => server.close() };
  const url = (nodeId: string) => runtime.server(nodeId).url;

  const report = async (nodeId: string) => {
    const { status, json } = await getJson(`${url(nodeId)}${ADMIN_V1_PATHS.report}`);
    if (status !== 200) throw new Error(`${nodeId} answered ${status}`);
    return nodeReportWireSchema.parse(json);
  };

  const everyEndpointParses = async () => {
    const reports = new Map<string, NodeReportWire>();
    for (const nodeId of runtime.servers.keys()) {
      if (runtime.server(nodeId).crashed) continue;
      const base = url(nodeId);
      nodeInfoSchema.parse((await getJson(`${base}${ADMIN_V1_PATHS.node}`)).json);
      routingDocSchema.parse((await getJson(`${base}${ADMIN_V1_PATHS.routing}`)).json);
      logsDocSchema.parse((await getJson(`${base}${ADMIN_V1_PATHS.logs}?after=0&limit=10000`)).json);
      if (nodeId !== CLIENT_ID) {
        peersDocSchema.parse((await getJson(`${base}${ADMIN_V1_PATHS.peers}`)).json);
        syncDocSchema.parse((await getJson(`${base}${ADMIN_V1_PATHS.sync}`)).json);
      }
      reports.set(nodeId, await report(nodeId));
    }
    return reports;
  };

  return {
    runtime,
    clock,
    control,
    url,
    advance: async (ms, stepMs = 250) => {
      for (let done = 0; done < ms; done += stepMs) clock.advance(Math.min(stepMs, ms - done));
      await runtime.settle();
    },
    report,
    everyEndpointParses,
    close: async () => {
      await control.close();
      await runtime.close();
    },
  };
}

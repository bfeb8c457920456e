import type { OlricDemo } from './olric/simulator';
import type { PikaDemo } from './pika/cluster';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from '@/lib/contract/zod';
import { LOG_LEVELS } from '@/lib/contract/admin-v1';
import type { Fault } from './node-server';
import type { DemoRuntime } from './runtime';

/** The longest `slow` delay the control API accepts. */
export const MAX_SLOW_MS = 120_000;
const MAX_BODY_BYTES = 64 * 1024;

const logLineSchema = z.strictObject({
  level: z.enum(LOG_LEVELS),
  message: z.string().min(1).max(8192),
  component: z.string().max(128).default('control'),
  code: z.string().max(128).optional(),
  subject: z.string().max(256).optional(),
});

type Reply = { status: number; body: unknown };

/** A demo cluster on another system's protocol (e.g. Pegasus) that routes its own control requests. */
export interface SelfControlledCluster {
  control(parts: readonly string[], method: string, url: URL): Promise<Reply>;
}

export type ControlledCluster = DemoRuntime | SelfControlledCluster;

class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ok = (body: unknown = { ok: true }): Reply => ({ status: 200, body });

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ControlError(413, 'body_too_large', `request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseSlowMs(raw: string | null): number {
  if (raw === null || !/^\d{1,9}$/.test(raw)) {
    throw new ControlError(400, 'bad_request', `slow needs ?ms=<integer milliseconds from 1 to ${MAX_SLOW_MS}>`);
  }
  const ms = Number(raw);
  if (ms < 1 || ms > MAX_SLOW_MS) throw new ControlError(400, 'bad_request', `ms must be from 1 to ${MAX_SLOW_MS}, not ${ms}`);
  return ms;
}

const NODE_ACTIONS = ['crash', 'restore', 'hang', 'slow', 'garbage', 'oversize', 'invalid', 'clear', 'log'] as const;
type NodeAction = (typeof NODE_ACTIONS)[number];

async function nodeAction(runtime: DemoRuntime, id: string, action: NodeAction, url: URL, req: http.IncomingMessage): Promise<Reply> {
  const setFault = (fault: Fault) => {
    runtime.setFault(id, fault);
    return ok({ ok: true, node: runtime.nodeStates().find((node) => node.id === id) });
  };
  switch (action) {
    case 'crash':
      await runtime.crash(id);
      return ok({ ok: true, node: runtime.nodeStates().find((node) => node.id === id) });
    case 'restore':
      await runtime.restore(id);
      return ok({ ok: true, node: runtime.nodeStates().find((node) => node.id === id) });
    case 'hang':
      return setFault({ kind: 'hang' });
    case 'slow':
      return setFault({ kind: 'slow', ms: parseSlowMs(url.searchParams.get('ms')) });
    case 'garbage':
      return setFault({ kind: 'garbage' });
    case 'oversize':
      return setFault({ kind: 'oversize' });
    case 'invalid':
      return setFault({ kind: 'invalid' });
    case 'clear':
      return setFault({ kind: 'none' });
    case 'log': {
      let json: unknown;
      try {
        json = JSON.parse(await readBody(req));
      } catch (error) {
        if (error instanceof ControlError) throw error;
        throw new ControlError(400, 'bad_request', 'body must be JSON: {level, message, component?, code?, subject?}');
      }
      const parsed = logLineSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ControlError(400, 'bad_request', `${issue.path.join('.') || 'body'}: ${issue.message}`);
      }
      const result = runtime.appendLog(id, parsed.data);
      if (!result.ok) throw new ControlError(409, 'node_down', result.message);
      return ok({ ok: true, cursor: result.cursor });
    }
    default: {
      const unreachable: never = action;
      throw new ControlError(404, 'not_found', `unknown action ${String(unreachable)}`);
    }
  }
}

function requireMethod(req: http.IncomingMessage, method: 'GET' | 'POST'): void {
  if (req.method !== method) throw new ControlError(405, 'method_not_allowed', `use ${method} here`);
}

/**
 * Only programs on this machine may drive the demo: a browser page on any site could
 * otherwise send it simple cross-origin POSTs (crash a node, start a scenario), or reach
 * it through a rebound DNS name. Browsers mark such requests with Origin / Sec-Fetch-Site
 * and carry the foreign name in Host; tests and curl send neither.
 */
function refuseBrowsersAndForeignHosts(req: http.IncomingMessage): void {
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    throw new ControlError(421, 'misdirected', 'the control API answers only to 127.0.0.1 or localhost');
  }
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin !== undefined || (site !== undefined && site !== 'none')) {
    throw new ControlError(403, 'cross_origin', 'the control API refuses requests from web pages; call it from a test or curl');
  }
}

/** `/clusters` lists the demo clusters; `/clusters/<name>/…` addresses one of them. */
async function route(runtimes: ReadonlyMap<string, ControlledCluster>, req: http.IncomingMessage, olric: OlricDemo | null, pika: PikaDemo | null): Promise<Reply> {
  refuseBrowsersAndForeignHosts(req);
  const url = new URL(req.url ?? '/', 'http://control.invalid');
  let parts: string[];
  try {
    parts = url.pathname.split('/').filter(Boolean).map((part) => decodeURIComponent(part));
  } catch {
    throw new ControlError(400, 'bad_request', `malformed path ${url.pathname}`);
  }
  if (parts.length === 1 && parts[0] === 'clusters') {
    requireMethod(req, 'GET');
    return ok([...runtimes.keys(), ...(olric ? ['olric'] : []), ...(pika ? ['pika'] : [])].map((name) => ({ name })));
  }
  if (parts.length < 2 || parts[0] !== 'clusters') {
    throw new ControlError(404, 'not_found', `no control endpoint ${url.pathname}; use /clusters/<cluster>/… (GET /clusters lists them)`);
  }
  if (olric && parts[1] === 'olric') return routeOlric(olric, parts.slice(2), url, req);
  if (pika && parts[1] === 'pika') return routePika(pika, parts.slice(2), url, req);
  const runtime = runtimes.get(parts[1]);
  if (!runtime) throw new ControlError(404, 'unknown_cluster', `no demo cluster "${parts[1]}"`);
  if ('control' in runtime) return runtime.control(parts.slice(2), req.method ?? 'GET', url);
  return routeCluster(runtime, parts.slice(2), url, req);
}

async function routeCluster(runtime: DemoRuntime, parts: string[], url: URL, req: http.IncomingMessage): Promise<Reply> {
  if (parts.length === 1 && parts[0] === 'targets') {
    requireMethod(req, 'GET');
    return ok(runtime.nodeStates().map(({ id, url: nodeUrl, role }) => ({ id, url: nodeUrl, role })));
  }
  if (parts.length === 1 && parts[0] === 'state') {
    requireMethod(req, 'GET');
    runtime.engine.sync();
    return ok({
      now: new Date(runtime.world.now()).toISOString(),
      autopilot: runtime.autopilot.enabled,
      nodes: runtime.nodeStates(),
      scenarios: runtime.engine.describe(),
    });
  }
  if (parts.length === 1 && parts[0] === 'scenarios') {
    requireMethod(req, 'GET');
    runtime.engine.sync();
    return ok(runtime.engine.describe());
  }
  if (parts.length === 1 && parts[0] === 'reset') {
    requireMethod(req, 'POST');
    await runtime.reset();
    return ok();
  }
  if (parts.length === 2 && parts[0] === 'autopilot' && (parts[1] === 'start' || parts[1] === 'stop')) {
    requireMethod(req, 'POST');
    if (parts[1] === 'start') runtime.autopilot.enable(runtime.world.now());
    else runtime.autopilot.disable();
    return ok({ ok: true, autopilot: runtime.autopilot.enabled });
  }
  if (parts.length === 3 && parts[0] === 'nodes') {
    const [, id, action] = parts;
    if (!runtime.hasNode(id)) throw new ControlError(404, 'unknown_node', `no demo node "${id}"`);
    if (!(NODE_ACTIONS as readonly string[]).includes(action)) {
      throw new ControlError(404, 'unknown_action', `no node action "${action}"; use one of ${NODE_ACTIONS.join(', ')}`);
    }
    requireMethod(req, 'POST');
    return nodeAction(runtime, id, action as NodeAction, url, req);
  }
  if (parts.length === 3 && parts[0] === 'scenarios') {
    const [, name, action] = parts;
    if (!runtime.engine.has(name)) throw new ControlError(404, 'unknown_scenario', `no scenario named "${name}"`);
    if (action !== 'start' && action !== 'stop') throw new ControlError(404, 'unknown_action', `use /scenarios/${name}/start or /stop`);
    requireMethod(req, 'POST');
    const result = action === 'start' ? runtime.engine.start(name, url.searchParams.get('mode') ?? undefined) : runtime.engine.stop(name);
    await runtime.settle();
    if (!result.ok) throw new ControlError(result.code === 'unknown_scenario' ? 404 : 400, result.code, result.message);
    return ok({ ok: true, scenario: runtime.engine.describe().find((scenario) => scenario.name === name) });
  }
  throw new ControlError(404, 'not_found', `no control endpoint ${url.pathname}`);
}

/** The Olric cluster: `POST race` replays the seed start-up race, `POST settle` ends it, `GET state` says which. */
function routeOlric(olric: OlricDemo, parts: string[], url: URL, req: http.IncomingMessage): Reply {
  if (parts.length === 1 && parts[0] === 'state') {
    requireMethod(req, 'GET');
    return ok({ racing: olric.racing(), targets: olric.targets });
  }
  if (parts.length === 1 && (parts[0] === 'race' || parts[0] === 'settle')) {
    requireMethod(req, 'POST');
    if (parts[0] === 'race') olric.startRace();
    else olric.settle();
    return ok({ ok: true, racing: olric.racing() });
  }
  throw new ControlError(404, 'not_found', `no control endpoint ${url.pathname}; the olric cluster has GET state, POST race, POST settle`);
}

/** The Pika cluster: `GET state`, `POST reset`, `POST scenarios/<name>/start?mode=seed|fixed`, `POST scenarios/<name>/stop`. */
function routePika(pika: PikaDemo, parts: string[], url: URL, req: http.IncomingMessage): Reply {
  if (parts.length === 1 && parts[0] === 'state') {
    requireMethod(req, 'GET');
    return ok({ targets: pika.targets.map(({ id, address }) => ({ id, address })), scenarios: pika.describe() });
  }
  if (parts.length === 1 && parts[0] === 'reset') {
    requireMethod(req, 'POST');
    pika.reset();
    return ok();
  }
  if (parts.length === 3 && parts[0] === 'scenarios' && (parts[2] === 'start' || parts[2] === 'stop')) {
    requireMethod(req, 'POST');
    const result = parts[2] === 'start' ? pika.start(parts[1], url.searchParams.get('mode') ?? undefined) : pika.stop(parts[1]);
    if (!result.ok) throw new ControlError(result.code === 'unknown_scenario' ? 404 : 400, result.code, result.message);
    return ok({ ok: true, scenario: pika.describe().find((scenario) => scenario.name === parts[1]) });
  }
  throw new ControlError(404, 'not_found', `no control endpoint ${url.pathname}; the pika cluster has GET state, POST reset, POST scenarios/<name>/start|stop`);
}

export type ControlServer = { url: string; close(): Promise<void> };

/** The demo's control API: loopback only, for tests and demos; the dashboard never calls it. */
export async function startControlServer(
  runtimes: ReadonlyMap<string, ControlledCluster>,
  port = 0,
  olric: OlricDemo | null = null,
  pika: PikaDemo | null = null,
): Promise<ControlServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    route(runtimes, req, olric, pika)
      .catch((error: unknown): Reply => {
        if (error instanceof ControlError) return { status: error.status, body: { error: { code: error.code, message: error.message } } };
        return { status: 500, body: { error: { code: 'internal', message: 'the control API failed; see the server log' } } };
      })
      .then((reply) => {
        if (res.destroyed) return;
        const body = JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

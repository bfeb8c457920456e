import { Pool } from 'undici';
import type { PollReason } from '@/lib/contract/report';
import { classifyNetworkError } from '../errors';
import { OversizeError, readCapped } from '../capped-body';
import { processDescriptorBudget, type ConnectionSlot, type DescriptorBudget } from '../descriptor-budget';
import { NODE_CLIENT_OPTIONS } from '../node-connector';

/**
 * GETs against Pegasus servers: one keep-alive pool per server, a size cap
 * while streaming, one deadline for the whole poll (the caller's signal), and
 * the meta server's 307 followed only to a configured meta server.
 */

export type Answer = {
  kind: 'answer';
  /** The server that finally answered (the leader, after a followed redirect). */
  address: string;
  /** The server first asked, when it redirected us; null when it answered itself. */
  redirectedFrom: string | null;
  statusCode: number;
  body: string;
};

export type Failure = { kind: 'failed'; status: 'unreachable' | 'timeout' | 'bad_response'; reason: PollReason };

export type Exchange = Answer | Failure;


/** Connections a pool may keep to one server: one request at a time, plus room for a hung one to be torn down. */
const CONNECTIONS_PER_SERVER = 2;

export class PegasusHttp {
  private readonly pools = new Map<string, { pool: Pool; connections: ConnectionSlot }>();
  private closed = false;

  /** `redirectTargets`: the only servers a 307 may send us to (the configured meta servers). */
  constructor(
    private readonly redirectTargets: ReadonlySet<string>,
    private readonly budget: DescriptorBudget = processDescriptorBudget(),
  ) {}

  async get(address: string, path: string, signal: AbortSignal, maxBytes: number, timeoutMs: number): Promise<Exchange> {
    const first = await this.once(address, path, signal, maxBytes, timeoutMs);
    if (first.kind === 'failed' || first.statusCode !== 307) return first;
    const location = first.location;
    const next = redirectTarget(location);
    if (next === null) return bad('protocol', `${address} redirected ${path} to ${quote(location)}, which is not an http://host:port/ URL; not followed`);
    if (!this.redirectTargets.has(next.address)) {
      return bad('protocol', `${address} redirected ${path} to ${next.address}, which is not one of the configured metaServers; not followed`);
    }
    const second = await this.once(next.address, next.path, signal, maxBytes, timeoutMs);
    if (second.kind === 'failed') return second;
    if (second.statusCode === 307) return bad('protocol', `${address} redirected ${path} to ${next.address}, which redirected again; not followed further`);
    return { ...second, redirectedFrom: address };
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    for (const { connections } of pools) connections.release();
    await Promise.all(pools.map(({ pool }) => pool.destroy().catch(() => undefined)));
  }

  private server(address: string): { pool: Pool; connections: ConnectionSlot } {
    let server = this.pools.get(address);
    if (!server) {
      const pool = new Pool(`http://${address}`, { connections: CONNECTIONS_PER_SERVER, ...NODE_CLIENT_OPTIONS });
      server = { pool, connections: this.budget.claim(CONNECTIONS_PER_SERVER) };
      this.pools.set(address, server);
    }
    return server;
  }

  private async once(
    address: string,
    path: string,
    signal: AbortSignal,
    maxBytes: number,
    timeoutMs: number,
  ): Promise<(Answer & { location: string }) | Failure> {
    if (this.closed) return { kind: 'failed', status: 'unreachable', reason: { code: 'network', message: 'the adapter was closed' } };
    try {
      const { pool, connections } = this.server(address);
      // No place in the descriptor budget: `connection: close`, and the socket is closed after the answer.
      const response = await pool.request({ path, method: 'GET', headers: { accept: 'application/json' }, signal, reset: !connections.kept });
      const location = response.headers.location;
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.body.destroy();
        return oversize(address, path, maxBytes);
      }
      const body = await readCapped(response.body, maxBytes);
      return {
        kind: 'answer',
        address,
        redirectedFrom: null,
        statusCode: response.statusCode,
        body: body.toString('utf8'),
        location: typeof location === 'string' ? location : '',
      };
    } catch (error) {
      if (error instanceof OversizeError) return oversize(address, path, maxBytes);
      if (signal.aborted) {
        return { kind: 'failed', status: 'timeout', reason: { code: 'timeout', message: `no complete answer from ${address} within ${timeoutMs} ms (${path})` } };
      }
      const { status, reason } = classifyNetworkError(error, address);
      return { kind: 'failed', status, reason };
    }
  }
}

/** host:port and path of an absolute http:// Location; null for anything else (no credentials, no other schemes). */
export function redirectTarget(location: string): { address: string; path: string } | null {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || url.username || url.password || !url.port) return null;
  // redirect_if_not_primary writes "http://<leader>/" + path, which may double the slash.
  return { address: url.host, path: `${url.pathname.replace(/^\/+/, '/')}${url.search}` };
}

function bad(code: PollReason['code'], message: string): Failure {
  return { kind: 'failed', status: 'bad_response', reason: { code, message } };
}

function oversize(address: string, path: string, cap: number): Failure {
  return bad('oversize', `answer from ${address} to ${path} is larger than maxResponseBytes (${cap} bytes); stopped reading`);
}

function quote(text: string): string {
  return JSON.stringify(text.slice(0, 120));
}


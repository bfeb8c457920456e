import { Client } from 'undici';
import { nodeReportWireSchema, ADMIN_V1_PATHS, type NodeReportWire } from '@/lib/contract/admin-v1';
import { formatIssuePath } from '@/lib/contract/issue-path';
import { fastSafeParse } from '@/lib/contract/fast-parse';
import type { NodeReport, PollReason, PollStatus, ReportPart } from '@/lib/contract/report';
import type { NativeTargetConfig } from './target';
import { classifyNetworkError } from '../errors';
import { normalizeLink } from '../normalize';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth';
import type { PollOptions, SourceAdapter } from '../types';
import { fetchBody } from './fetch-body';
import { answerWork } from '../turn-budget';
import { processDescriptorBudget, type ConnectionSlot, type DescriptorBudget } from '../descriptor-budget';
import { NODE_CLIENT_OPTIONS } from '../node-connector';

export type Outcome = { status: PollStatus; reason: PollReason | null; wire: NodeReportWire | null };

/**
 * Bodies larger than this are scanned for nesting before JSON.parse. JSON.parse
 * of 64 KiB of nested arrays takes milliseconds; of 5 MB, seconds and a gigabyte.
 * A smaller body nested too deep fails the schema instead (it never walks past what it knows).
 */
export const DEPTH_SCAN_FROM_BYTES = 64 * 1024;

/** zod's own answer, from a compiled check when the answer already has the schema's shape (every poll of a well-behaved node). */
const parseWire = fastSafeParse(nodeReportWireSchema);

function bad(code: PollReason['code'], message: string): Outcome {
  return { status: 'bad_response', reason: { code, message }, wire: null };
}

/**
 * A node's answer body → the admin API v1 report, or why not: too deep to parse,
 * not JSON, or not the schema. Pure, so it can be fuzzed.
 */
export function parseReportBody(body: Buffer, address: string): Outcome {
  // Below this size parsing costs little however deep it nests (the depth scan cost half a parse on every poll).
  if (body.length > DEPTH_SCAN_FROM_BYTES && jsonDepthExceeds(body)) {
    return bad('too_deep', `answer from ${address} nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels; not parsed`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    const preview = body.subarray(0, 40).toString('utf8').replace(/[^\x20-\x7e]/g, '?');
    return bad('not_json', `answer from ${address} is not JSON (starts with "${preview}")`);
  }
  const parsed = parseWire(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = formatIssuePath(issue.path);
    return {
      status: 'bad_response',
      reason: { code: 'schema', message: `answer from ${address} fails admin API v1 at ${path}: ${issue.message}`, path },
      wire: null,
    };
  }
  return { status: 'ok', reason: null, wire: parsed.data };
}


/** Shared by every poll without credentials; never changed. */
const PLAIN_HEADERS: Readonly<Record<string, string>> = Object.freeze({ accept: 'application/json' });

/**
 * Reads a node's admin API v1 with one request per poll (/admin/v1/report),
 * over one keep-alive connection that lives as long as the collector, or, when
 * the process's descriptor budget has no room for it, one connection per poll.
 */
export class NativeAdapter implements SourceAdapter {
  private readonly client: Client;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly address: string;
  private readonly connection: ConnectionSlot;

  constructor(
    private readonly target: NativeTargetConfig,
    budget: DescriptorBudget = processDescriptorBudget(),
  ) {
    const url = new URL(target.url);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.address = url.host;
    // One connection: a node is polled once at a time, and an aborted (timed out) request tears its socket down,
    // so the next poll opens a fresh one. A Pool would hold a 2,048-slot queue per node (16 KB × 5,000 nodes).
    this.client = new Client(this.origin, NODE_CLIENT_OPTIONS);
    this.connection = budget.claim(1);
  }

  async poll(options: PollOptions): Promise<NodeReport> {
    const started = performance.now();
    const fetched = await this.fetchReport(options);
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    if (!Buffer.isBuffer(fetched)) return this.toReport(fetched, options.now(), fetched.status === 'bad_response' ? latencyMs : null);
    // Parsed within the event loop's per-turn budget: a burst of answers must not hold requests back (turn-budget.ts).
    return answerWork.run(() => this.toReport(parseReportBody(fetched, this.address), options.now(), latencyMs));
  }

  async close(): Promise<void> {
    this.connection.release();
    await this.client.destroy().catch(() => undefined);
  }

  /** Built as one string: a URLSearchParams and a headers object per poll were garbage 5,000 times a cycle. */
  private requestPath(options: PollOptions): string {
    const logs = options.logsAfter ? `logsEpoch=${encodeURIComponent(options.logsAfter.epoch)}&logsAfter=${options.logsAfter.cursor}` : 'logsAfter=0';
    return `${this.basePath}${ADMIN_V1_PATHS.report}?logsLimit=${options.logsLimit}&${logs}`;
  }

  private headers(): Record<string, string> {
    if (!this.target.bearerTokenEnv) return PLAIN_HEADERS;
    // Read at every poll, so a rotated token is used from the next poll on.
    const token = process.env[this.target.bearerTokenEnv];
    return token ? { ...PLAIN_HEADERS, authorization: `Bearer ${token}` } : PLAIN_HEADERS;
  }

  /** The answer's body, or why there is none. */
  private async fetchReport(options: PollOptions): Promise<Outcome | Buffer> {
    const result = await fetchBody(this.client, {
      path: this.requestPath(options),
      headers: this.headers(),
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxResponseBytes,
      // No place in the descriptor budget: `connection: close`, and the socket is closed after the answer.
      reset: !this.connection.kept,
    });
    switch (result.kind) {
      case 'body':
        return result.body;
      case 'status':
        if (result.statusCode === 401 || result.statusCode === 403) {
          return this.bad('auth', `HTTP ${result.statusCode} from ${this.address}: the node refused our credentials; check the token in the variable named by bearerTokenEnv`);
        }
        return this.bad('http_status', `HTTP ${result.statusCode} from ${this.address}`);
      case 'oversize':
        return this.oversize(options.maxResponseBytes, result.declared);
      case 'timeout':
        return {
          status: 'timeout',
          reason: { code: 'timeout', message: `no complete answer from ${this.address} within ${options.timeoutMs} ms` },
          wire: null,
        };
      case 'error': {
        const { status, reason } = classifyNetworkError(result.error, this.address);
        return { status, reason, wire: null };
      }
    }
  }

  private bad(code: PollReason['code'], message: string): Outcome {
    return bad(code, message);
  }

  private oversize(cap: number, declared: number | null): Outcome {
    const size = declared === null ? 'more than that' : `${declared} bytes`;
    return this.bad('oversize', `answer from ${this.address} is larger than maxResponseBytes (${cap} bytes): ${size}; stopped reading`);
  }

  private toReport(outcome: Outcome, fetchedAt: number, latencyMs: number | null): NodeReport {
    const wire = outcome.wire;
    const unavailable: ReportPart[] = [];
    if (wire) {
      if (!wire.peers) unavailable.push('peers');
      if (!wire.sync) unavailable.push('sync');
      if (!wire.routing && !wire.tables) unavailable.push('routing');
      if (!wire.logs) unavailable.push('logs');
    }
    return {
      targetId: this.target.id,
      kind: 'native',
      address: this.address,
      status: outcome.status,
      reason: outcome.reason,
      fetchedAt,
      latencyMs,
      node: wire?.node ?? null,
      peers: wire?.peers ?? null,
      sync: wire?.sync ? { links: wire.sync.links.map(normalizeLink) } : null,
      routing: wire?.routing ?? null,
      ...(wire?.tables ? { tables: wire.tables } : {}),
      logs: wire?.logs ?? null,
      unavailable,
    };
  }
}


import pLimit from 'p-limit';
import type { RoutingDoc } from '@/lib/contract/admin-v1';
import { failedReport, type NodeReport, type PollReason, type ReportPart } from '@/lib/contract/report';
import type { AdapterContext, PollOptions, SourceAdapter } from '../types';
import { metaNodeInfo, peersOfNodes, replicaNodeInfo, routingDocOfApp, type MetaRole } from './build-report';
import { PegasusHttp, type Answer, type Exchange, type Failure } from './http';
import { readApp, readApps, readClusterInfo, readNodes, readVersion } from './replies';
import type { PegasusTargetConfig } from './target';
import { answerWork } from '../turn-budget';

/** Tables read at once from the leader: enough to be quick, few enough not to load it. */
const TABLE_CONCURRENCY = 8;

type Step<T> = { ok: true; value: T; answer: Answer } | { ok: false; failure: Failure };

/**
 * Polls one Pegasus server. A meta server answers with the cluster's view when
 * it is the leader (nodes, tables, partition configurations) and says it is a
 * follower otherwise; a replica server answers its /version. Never throws.
 */
export class PegasusAdapter implements SourceAdapter {
  private readonly http: PegasusHttp;
  readonly role: 'meta' | 'replica';
  readonly address: string;

  constructor(
    private readonly target: PegasusTargetConfig,
    private readonly context: AdapterContext,
  ) {
    this.http = new PegasusHttp(new Set(target.metaServers));
    this.role = target.server?.role ?? 'meta';
    this.address = target.server?.address ?? target.metaServers[0];
  }

  private readonly idFor = (address: string): string => this.context.targetIdForAddress(address) ?? address;

  async poll(options: PollOptions): Promise<NodeReport> {
    const started = options.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      return this.role === 'replica' ? await this.pollReplica(options, controller.signal, started) : await this.pollMeta(options, controller.signal, started);
    } catch (error) {
      // Nothing above should throw; if it does, the poll says so instead of taking the collector down.
      const message = error instanceof Error ? error.message : String(error);
      return this.failed(options.now(), null, { kind: 'failed', status: 'bad_response', reason: { code: 'protocol', message: `reading ${this.address} failed: ${message}` } });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async getJson<T>(address: string, path: string, read: (json: unknown) => T | string, signal: AbortSignal, options: PollOptions): Promise<Step<T>> {
    const exchange: Exchange = await this.http.get(address, path, signal, options.maxResponseBytes, options.timeoutMs);
    if (exchange.kind === 'failed') return { ok: false, failure: exchange };
    if (exchange.statusCode !== 200) {
      return { ok: false, failure: badResponse('http_status', `HTTP ${exchange.statusCode} from ${exchange.address} for ${path}: ${preview(exchange.body)}`) };
    }
    // Parsed within the event loop's per-turn budget: a burst of answers must not hold requests back (turn-budget.ts).
    return answerWork.run(() => this.readJson(exchange, path, read));
  }

  private readJson<T>(exchange: Answer, path: string, read: (json: unknown) => T | string): Step<T> {
    let json: unknown;
    try {
      json = JSON.parse(exchange.body);
    } catch {
      return { ok: false, failure: badResponse('not_json', `answer from ${exchange.address} to ${path} is not JSON (starts with ${preview(exchange.body)})`) };
    }
    const value = read(json);
    if (typeof value === 'string') return { ok: false, failure: badResponse('schema', `answer from ${exchange.address}: ${value}`) };
    return { ok: true, value, answer: exchange };
  }

  private async pollReplica(options: PollOptions, signal: AbortSignal, started: number): Promise<NodeReport> {
    const version = await this.getJson(this.address, '/version', readVersion, signal, options);
    const fetchedAt = options.now();
    if (!version.ok) return this.failed(fetchedAt, fetchedAt - started, version.failure);
    return this.okReport(fetchedAt, fetchedAt - started, {
      node: replicaNodeInfo(this.target.id, version.value.version, fetchedAt),
      unavailable: ['peers', 'sync', 'routing', 'logs'],
    });
  }

  private async pollMeta(options: PollOptions, signal: AbortSignal, started: number): Promise<NodeReport> {
    const [cluster, version] = await Promise.all([
      this.getJson(this.address, '/meta/cluster', readClusterInfo, signal, options),
      this.getJson(this.address, '/version', readVersion, signal, options),
    ]);
    if (!cluster.ok) return this.failed(options.now(), options.now() - started, cluster.failure);
    const serverVersion = version.ok ? version.value.version : null;
    const warnings: string[] = version.ok ? [] : [`/version: ${version.failure.reason.message}`];

    if (cluster.answer.redirectedFrom !== null) {
      // A follower: it sent us to the leader, whose own target reads the tables; this one says who leads.
      const fetchedAt = options.now();
      warnings.unshift(`follower: the leader is ${cluster.answer.address} (meta_function_level ${cluster.value.functionLevel})`);
      return this.okReport(fetchedAt, fetchedAt - started, {
        node: metaNodeInfo(this.target.id, 'meta-follower', cluster.value, serverVersion, fetchedAt),
        unavailable: ['peers', 'sync', 'routing', 'logs'],
        warnings,
      });
    }

    const leader = cluster.answer.address;
    const [nodes, apps] = await Promise.all([
      this.getJson(leader, '/meta/nodes?detail', readNodes, signal, options),
      this.target.tables ? Promise.resolve(null) : this.getJson(leader, '/meta/apps?detail', readApps, signal, options),
    ]);
    if (!nodes.ok) return this.failed(options.now(), options.now() - started, nodes.failure);
    if (apps && !apps.ok) return this.failed(options.now(), options.now() - started, apps.failure);
    warnings.push(...nodes.value.skipped);

    const tableNames = this.target.tables ?? (apps?.ok ? apps.value.filter((app) => app.status === 'AVAILABLE' || app.status === null).map((app) => app.name) : []);
    const limit = pLimit(TABLE_CONCURRENCY);
    const tables: RoutingDoc[] = [];
    const readTables = await Promise.all(
      tableNames.map((table) => limit(() => this.readTable(leader, table, signal, options))),
    );
    for (const read of readTables) {
      if (read.kind === 'failed') return this.failed(options.now(), options.now() - started, read);
      warnings.push(...read.problems);
      if (read.doc) tables.push(read.doc);
    }
    const fetchedAt = options.now();
    const role: MetaRole = 'meta-leader';
    if (cluster.value.functionLevel !== 'steady' && cluster.value.functionLevel !== 'lively') {
      warnings.push(`meta_function_level is ${cluster.value.functionLevel}: the meta server is not balancing or repairing (steady or lively expected)`);
    }
    return this.okReport(fetchedAt, fetchedAt - started, {
      node: metaNodeInfo(this.target.id, role, cluster.value, serverVersion, fetchedAt),
      peers: peersOfNodes(nodes.value.nodes, this.idFor),
      tables,
      unavailable: ['sync', 'logs'],
      warnings,
    });
  }

  /** One table's partition configuration; a table the meta server does not know (404) is a warning, not a failed poll. */
  private async readTable(
    leader: string,
    table: string,
    signal: AbortSignal,
    options: PollOptions,
  ): Promise<{ kind: 'table'; doc: RoutingDoc | null; problems: string[] } | Failure> {
    const path = `/meta/app?name=${encodeURIComponent(table)}&detail`;
    const exchange = await this.http.get(leader, path, signal, options.maxResponseBytes, options.timeoutMs);
    if (exchange.kind === 'failed') return exchange;
    if (exchange.statusCode === 404) return { kind: 'table', doc: null, problems: [`table ${table}: ${preview(exchange.body, 200)} (HTTP 404 from ${exchange.address})`] };
    if (exchange.statusCode !== 200) {
      return { kind: 'table', doc: null, problems: [`table ${table}: HTTP ${exchange.statusCode} from ${exchange.address}: ${preview(exchange.body)}`] };
    }
    return answerWork.run(() => this.readTableAnswer(exchange, table));
  }

  private readTableAnswer(exchange: Answer, table: string): { kind: 'table'; doc: RoutingDoc | null; problems: string[] } {
    let json: unknown;
    try {
      json = JSON.parse(exchange.body);
    } catch {
      return { kind: 'table', doc: null, problems: [`table ${table}: answer from ${exchange.address} is not JSON (starts with ${preview(exchange.body)})`] };
    }
    const app = readApp(json, table);
    if (typeof app === 'string') return { kind: 'table', doc: null, problems: [`table ${table}: ${app}`] };
    const { doc, problems } = routingDocOfApp(app, this.idFor);
    return { kind: 'table', doc, problems };
  }

  private okReport(
    fetchedAt: number,
    latencyMs: number,
    parts: Pick<NodeReport, 'node' | 'unavailable'> & Partial<Pick<NodeReport, 'peers' | 'tables' | 'warnings'>>,
  ): NodeReport {
    return {
      targetId: this.target.id,
      kind: 'pegasus',
      address: this.address,
      status: 'ok',
      reason: null,
      fetchedAt,
      latencyMs,
      node: parts.node,
      peers: parts.peers ?? null,
      sync: null,
      routing: null,
      ...(parts.tables ? { tables: parts.tables } : {}),
      ...(parts.warnings?.length ? { warnings: parts.warnings.slice(0, 256).map((warning) => warning.slice(0, 1024)) } : {}),
      logs: null,
      unavailable: parts.unavailable,
    };
  }

  private failed(fetchedAt: number, latencyMs: number | null, failure: Failure): NodeReport {
    const unavailable: ReportPart[] = this.role === 'replica' ? ['peers', 'sync', 'routing', 'logs'] : ['sync', 'logs'];
    return failedReport({
      targetId: this.target.id,
      kind: 'pegasus',
      address: this.address,
      status: failure.status,
      reason: failure.reason,
      fetchedAt,
      latencyMs: failure.status === 'bad_response' ? latencyMs : null,
      unavailable,
    });
  }
}

function badResponse(code: PollReason['code'], message: string): Failure {
  return { kind: 'failed', status: 'bad_response', reason: { code, message } };
}

/** The start of a body, printable, for error messages (node text is never trusted). */
function preview(body: string, length = 60): string {
  return JSON.stringify(body.trim().slice(0, length).replace(/[^\x20-\x7e]/g, '?'));
}

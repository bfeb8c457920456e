import { failedReport, type NodeReport, type PeerCounts } from '@/lib/contract/report';
import { UNKNOWN_TIME } from '@/lib/contract/node-time';
import type { PollOptions, SourceAdapter } from '../types';
import { CappedHttp, type Fetched } from './http';
import { parseGoquaiMetrics, type GoquaiMetrics } from './metrics';
import { parseNetBatch, rpcBatchBody } from './rpc';
import type { GoquaiTargetConfig } from './target';
import { answerWork } from '../turn-budget';

const NO_METRICS: GoquaiMetrics = { peers: null, streams: null, messagesSent: null, messagesReceived: null };

function pathOf(url: URL): string {
  return `${url.pathname || '/'}${url.search}`;
}

/**
 * A go-quai node as its operator can see it from outside: one JSON-RPC batch
 * (net_*) and, when configured, its Prometheus page, both within one deadline
 * and the size cap. Peer categories are not on either: they come from
 * peers.log through the log sources. Never throws.
 */
export class GoquaiAdapter implements SourceAdapter {
  private readonly rpc: CappedHttp;
  private readonly metrics: CappedHttp | null;
  private readonly rpcUrl: URL;
  private readonly metricsUrl: URL | null;

  constructor(private readonly target: GoquaiTargetConfig) {
    this.rpcUrl = new URL(target.rpcUrl);
    this.rpc = new CappedHttp(this.rpcUrl.origin);
    this.metricsUrl = target.metricsUrl ? new URL(target.metricsUrl) : null;
    this.metrics = this.metricsUrl ? new CappedHttp(this.metricsUrl.origin) : null;
  }

  get address(): string {
    return this.rpc.address;
  }

  async poll(options: PollOptions): Promise<NodeReport> {
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    const limits = { signal: controller.signal, timeoutMs: options.timeoutMs, maxBytes: options.maxResponseBytes };
    try {
      const [rpc, metrics] = await Promise.all([
        this.rpc.request(pathOf(this.rpcUrl), { method: 'POST', body: rpcBatchBody(), headers: { 'content-type': 'application/json', accept: 'application/json' } }, limits),
        this.metrics && this.metricsUrl ? this.metrics.request(pathOf(this.metricsUrl), { method: 'GET', headers: { accept: 'text/plain' } }, limits) : Promise.resolve(null),
      ]);
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      // Parsed within the event loop's per-turn budget: a burst of answers must not hold requests back (turn-budget.ts).
      return await answerWork.run(() => this.toReport(rpc, metrics, options.now(), latencyMs));
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.rpc.close(), this.metrics?.close()]);
  }

  private toReport(rpc: Fetched, metricsAnswer: Fetched | null, fetchedAt: number, latencyMs: number): NodeReport {
    const identity = { targetId: this.target.id, kind: 'goquai' as const, address: this.address, fetchedAt };
    if (!rpc.ok) return failedReport({ ...identity, status: rpc.status, reason: rpc.reason, latencyMs: rpc.status === 'bad_response' ? latencyMs : null });
    const net = parseNetBatch(rpc.body.toString('utf8'));
    if (!net.ok) {
      return failedReport({ ...identity, status: 'bad_response', reason: { code: 'protocol', message: `JSON-RPC answer from ${this.address}: ${net.message}` }, latencyMs });
    }
    const problems = [...net.status.problems];
    let metrics = NO_METRICS;
    if (metricsAnswer && !metricsAnswer.ok) problems.push(`metrics: ${metricsAnswer.reason.message}`);
    if (metricsAnswer?.ok) {
      const parsed = parseGoquaiMetrics(metricsAnswer.body.toString('utf8'));
      if (parsed.ok) metrics = parsed.metrics;
      else problems.push(`metrics: ${parsed.message}`);
    }
    const { listening, network, total, incoming, outgoing } = net.status;
    const peerCounts: PeerCounts = {
      listening,
      network,
      total,
      incoming,
      outgoing,
      metricsPeers: metrics.peers,
      metricsStreams: metrics.streams,
      messagesSent: metrics.messagesSent,
      messagesReceived: metrics.messagesReceived,
      metricsConfigured: this.metrics !== null,
      problems: problems.slice(0, 32),
    };
    return {
      ...identity,
      status: 'ok',
      reason: null,
      latencyMs,
      // go-quai's RPC says neither when it started nor its clock: both stay unknown.
      node: { id: this.target.id, cluster: network === null ? '' : `quai network ${network}`, role: 'peer', version: '', startedAt: UNKNOWN_TIME, now: UNKNOWN_TIME },
      peers: null,
      sync: null,
      routing: null,
      logs: null,
      peerCounts,
      // Categories come from peers.log (log sources), not from the node's API.
      unavailable: ['peers', 'sync', 'routing', 'logs'],
    };
  }
}

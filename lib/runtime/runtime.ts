import 'server-only';
import type { NodeSummary } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import type { ClusterConfig, TargetConfig } from '@/lib/config/schema';
import { createAdapter, targetAddress } from '@/lib/adapters';
import { configuredSecrets } from '@/lib/adapters/redact';
import type { SourceAdapter } from '@/lib/adapters/types';
import { Collector, type CycleSummary } from '@/lib/collector/collector';
import { pollOutcomes, type ClusterSnapshot } from '@/lib/alerting/snapshot';
import { DiagnosticsEngine } from '@/lib/diagnostics/engine';
import { foldLines, initialClassifierState, type ClassifierState } from '@/lib/diagnostics/logs';
import { STALE_AFTER_INTERVALS, summarizeNode } from '@/lib/diagnostics/node-status';
import { analyzers } from '@/lib/diagnostics/registry';
import type { Analyzer } from '@/lib/diagnostics/types';
import { LogStore } from '@/lib/store/log-store';
import { ReportStore, type TargetMeta } from '@/lib/store/report-store';

const MAX_STATUS_EVENTS = 5000;

export function targetMeta(target: TargetConfig): TargetMeta {
  return { id: target.id, kind: target.kind, address: targetAddress(target) };
}

/** "host:port" → target id, for adapters that see peers by address. */
function addressIndex(targets: readonly TargetConfig[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const target of targets) {
    index.set(targetAddress(target), target.id);
  }
  return index;
}

/**
 * Everything the server keeps for one cluster while it runs: its config, its
 * stores, its collector (with its own schedule) and its diagnostics state.
 * Route handlers only read from it.
 */
export class ClusterRuntime {
  readonly store: ReportStore;
  readonly logStore: LogStore;
  readonly collector: Collector;
  private readonly engine: DiagnosticsEngine;
  private readonly adapters: Map<string, SourceAdapter>;
  private logClassifier: ClassifierState;
  firstCycleAt: number | null = null;
  lastCycle: CycleSummary | null = null;
  private readonly cycleListeners = new Set<(snapshot: ClusterSnapshot) => void>();
  readonly startedAt = Date.now();

  constructor(
    readonly config: ClusterConfig,
    readonly targets: readonly TargetConfig[] = config.targets,
    /** Every credential the process knows (all clusters'): scrubbed from this cluster's reports too. */
    secrets: readonly string[] = configuredSecrets(targets),
  ) {
    const interval = config.pollInterval;
    this.store = new ReportStore(targets.map(targetMeta), {
      samplesPerNode: Math.max(10, Math.ceil(config.historyWindow / interval)),
      maxEvents: MAX_STATUS_EVENTS,
    });
    this.logStore = new LogStore(config.logs.retention);
    this.engine = new DiagnosticsEngine(analyzers, config.diagnostics);
    this.logClassifier = initialClassifierState({ bucketMs: Math.max(config.pollInterval, 5000) });
    const index = addressIndex(targets);
    const context = { targetIdForAddress: (hostPort: string) => index.get(hostPort) ?? null, secrets };
    this.adapters = new Map(targets.map((target) => [target.id, createAdapter(target, context)]));
    this.collector = new Collector({
      config,
      targets,
      adapters: this.adapters,
      store: this.store,
      logStore: this.logStore,
      maxBackoffMs: config.maxBackoff,
      onCycle: (summary) => this.afterCycle(summary),
      onError: (message, error) => console.error(`[clusterscope] ${config.name}: ${message}:`, error),
    });
  }

  get name(): string {
    return this.config.name;
  }

  /** The one rule for "too old to trust", in ms, for everything shown of this cluster. */
  get staleAfterMs(): number {
    return STALE_AFTER_INTERVALS * this.config.pollInterval;
  }

  now(): number {
    return Date.now();
  }

  private startTimer: NodeJS.Timeout | null = null;

  /** `delayMs` holds the first poll back (e.g. while a fresh deployment's nodes come up). */
  start(delayMs = 0): void {
    if (delayMs <= 0) return this.collector.start();
    this.startTimer = setTimeout(() => this.collector.start(), delayMs);
  }

  async stop(): Promise<void> {
    if (this.startTimer) clearTimeout(this.startTimer);
    await this.collector.stop();
  }

  /** Calls `listener` with the cluster's snapshot after every cycle (metrics, alerting); returns the unsubscribe. */
  onCycle(listener: (snapshot: ClusterSnapshot) => void): () => void {
    this.cycleListeners.add(listener);
    return () => this.cycleListeners.delete(listener);
  }

  /** What alerting and /metrics need from this cluster now. */
  snapshot(): ClusterSnapshot {
    const nodes = this.nodeSummaries();
    const { active, resolved } = this.findings();
    const cycle = this.lastCycle;
    return {
      cluster: this.name,
      at: this.now(),
      pollIntervalMs: this.config.pollInterval,
      nodes,
      active,
      resolved,
      lastCycle: cycle ? { startedAt: cycle.startedAt, durationMs: cycle.durationMs, polls: pollOutcomes(nodes, cycle.startedAt) } : null,
    };
  }

  analyzerState<State>(analyzer: Analyzer<State>): State {
    return this.engine.stateOf(analyzer);
  }

  findings(): { active: Finding[]; resolved: Finding[] } {
    return this.engine.findings();
  }

  /** Findings open when the process last stopped (from history): they continue or resolve within a few cycles. */
  restoreFindings(open: readonly Finding[], restartAt: number, graceCycles: number): void {
    this.engine.restore(open, restartAt, graceCycles);
  }

  /** The log classifier, caught up with the newest stored line. */
  logClassifierState(): ClassifierState {
    const store = this.logStore;
    if (store.lastSeq() !== this.logClassifier.lastSeq) {
      // Seqs are contiguous and the store keeps the newest `retained` of them.
      const oldest = store.lastSeq() - store.stats().retained + 1;
      this.logClassifier = foldLines(this.logClassifier, store.sinceSeq(this.logClassifier.lastSeq), oldest);
    }
    return this.logClassifier;
  }

  nodeSummary(id: string): NodeSummary | null {
    const meta = this.store.meta(id);
    if (!meta) return null;
    return summarizeNode({
      meta,
      latest: this.store.latest(id),
      lastOk: this.store.lastOk(id),
      nextDueAt: this.collector.nextDueAt(id),
      now: this.now(),
      pollIntervalMs: this.config.pollInterval,
    });
  }

  nodeSummaries(): NodeSummary[] {
    return this.targets.map((target) => this.nodeSummary(target.id)).filter((node): node is NodeSummary => node !== null);
  }

  private afterCycle(summary: CycleSummary): void {
    this.lastCycle = summary;
    const now = this.now();
    this.engine.evaluate(
      {
        now,
        pollIntervalMs: this.config.pollInterval,
        targetIds: this.targets.map((target) => target.id),
        reports: this.store.latestMap(),
        lastOk: this.store.lastOkMap(),
        nodeStatus: new Map(this.nodeSummaries().map((node) => [node.id, node.status])),
      },
      (analyzer, error) => console.error(`[clusterscope] ${this.name}: analyzer ${analyzer} failed:`, error),
    );
    // Fold new log lines every cycle, so group counts never miss lines that age out before anyone looks.
    try {
      this.logClassifierState();
    } catch (error) {
      console.error(`[clusterscope] ${this.name}: log classifier failed:`, error);
    }
    // Ready only once every target has been asked at least once.
    if (this.firstCycleAt === null && summary.polled === this.targets.length) this.firstCycleAt = now;
    if (this.cycleListeners.size > 0) this.notifyCycle();
  }

  private notifyCycle(): void {
    const snapshot = this.snapshot();
    for (const listener of this.cycleListeners) {
      try {
        listener(snapshot);
      } catch (error) {
        console.error('[clusterscope] cycle listener failed:', error);
      }
    }
  }
}

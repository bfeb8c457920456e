import 'server-only';
import type { NodeSummary } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import { LOG_LEVELS, logEntrySchema, type LogLevel } from '@/lib/contract/admin-v1';
import type { NodeReport, NodeStatus } from '@/lib/contract/report';
import type { ClusterConfig, TargetConfig } from '@/lib/config/schema';
import { createAdapter, targetAddress } from '@/lib/adapters';
import { configuredSecrets } from '@/lib/adapters/redact';
import type { SourceAdapter } from '@/lib/adapters/types';
import { Collector, type CycleSummary } from '@/lib/collector/collector';
import { pollOutcomes, type ClusterSnapshot } from '@/lib/alerting/snapshot';
import { collectorMovedConditions, type CollectorMove } from '@/lib/diagnostics/collector-moved';
import { DiagnosticsEngine } from '@/lib/diagnostics/engine';
import { foldLines, initialClassifierState, type ClassifierState } from '@/lib/diagnostics/logs';
import { STALE_AFTER_INTERVALS, summarizeNode } from '@/lib/diagnostics/node-status';
import { analyzers } from '@/lib/diagnostics/registry';
import type { Analyzer } from '@/lib/diagnostics/types';
import { clusterLogSources } from '@/lib/logs/config';
import type { LogEvidence } from '@/lib/logs/extractors';
import { overlayLogEvidence } from '@/lib/logs/overlay';
import { LogIngest, type IngestBatch, type IngestSource, type LogSourceStatus } from '@/lib/logs/ingest';
import type { LiveWrite, LogPositions, StoredLogLine } from '@/lib/store/persistence/types';
import type { QueuedFence } from '@/lib/store/persistence/writer';
import { LogStore } from '@/lib/store/log-store';
import { ReportStore, type TargetMeta } from '@/lib/store/report-store';

const MAX_STATUS_EVENTS = 5000;
/** Evidence from log lines kept for the analyzers, newest last (older is dropped and counted). */
const MAX_LOG_EVIDENCE = 10_000;
/** A full-sync failure read from a log makes its link an error for this many poll intervals (the log has no "recovered" line). */
const LOG_FAILURE_FRESH_INTERVALS = 3;
/** Log evidence about a replication link, whose lines take the link's id as subject. */
const LINK_EVIDENCE = new Set(['sync.registration_rejected', 'sync.full_sync_retry', 'sync.full_sync_failed']);

/**
 * Who polls this cluster's nodes: `solo` without high availability (always
 * this process); with it, `collector` while this replica holds the cluster's
 * lease and `standby` while another does (this one serves what it stores).
 */
export type ClusterRole = 'solo' | 'collector' | 'standby';

/** One cycle of the collecting replica, as a standby reads it from the shared store. */
export type FollowedCycle = {
  cycle: { startedAt: number; durationMs: number; polled: number };
  /** Reports newer than what this replica holds, in any order. */
  reports: readonly NodeReport[];
  /** When each node is next due, as the collector scheduled it. */
  nextDueAt: ReadonlyMap<string, number | null>;
  /** The cycle's stored log lines, oldest first. */
  logLines: readonly StoredLogLine[];
  findings: { active: readonly Finding[]; resolved: readonly Finding[] };
};

/** Nodes whose status is judged in one slice of a cycle. */
const NODES_PER_SLICE = 1000;

/** Log lines the classifier folds in one slice of a cycle: ~5–10 ms of work. */
const LOG_LINES_PER_SLICE = 1000;

/** Between slices of a cycle's judging: whatever requests and I/O are waiting run first. */
const letRequestsIn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Evidence found in a log line, with the log store seq of that line (to link findings to it). */
export type StoredLogEvidence = LogEvidence & { seq: number };

/** A stored level read back: one of ours, or `unknown` (never a guess). */
function asLogLevel(level: string): LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : 'unknown';
}

const TRANSIENT_HINTS = logEntrySchema.shape.transient.unwrap().options;

/** A stored transient hint read back: one of the node's own words, or none. */
function asTransientHint(hint: string | null | undefined): (typeof TRANSIENT_HINTS)[number] | undefined {
  return TRANSIENT_HINTS.find((known) => known === hint);
}

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
  /** Log files and syslog of this cluster; null when it has none. Rebuilt once before start to resume saved positions. */
  private ingest: LogIngest | null;
  private readonly logSources: IngestSource[];
  private logIngestStarted = false;
  private readonly logEvidence: StoredLogEvidence[] = [];
  private readonly addressToTarget: ReadonlyMap<string, string>;
  private logEvidenceDropped = 0;
  firstCycleAt: number | null = null;
  lastCycle: CycleSummary | null = null;
  /** Completed poll cycles: what the views built from them are versioned by (lib/api/per-cycle.ts). */
  cycles = 0;
  /** How long each synchronous slice of the last cycle's judging held the event loop, in order (the bench lists them). */
  lastCycleSlices: { slice: string; ms: number }[] = [];
  private readonly cycleListeners = new Set<(snapshot: ClusterSnapshot) => void>();
  private readonly commitListeners = new Set<() => Promise<void>>();
  readonly startedAt = Date.now();
  private currentRole: ClusterRole = 'solo';
  private readonly roleListeners = new Set<(role: ClusterRole) => void>();
  /** Standby: when each node is next due, as the collector wrote it. */
  private readonly followedNextDue = new Map<string, number | null>();
  private collectorMove: CollectorMove | null = null;
  /**
   * High availability: fences each cycle this replica writes (its term read
   * at write time) and adds the live rows standbys read. Null without it.
   */
  writeFence: ((live: LiveWrite) => QueuedFence) | null = null;
  /** Standby: since when the shared store could not be read (null while it can). */
  sharedStoreStaleSince: number | null = null;

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
    this.addressToTarget = index;
    const context = { targetIdForAddress: (hostPort: string) => index.get(hostPort) ?? null, secrets };
    this.adapters = new Map(targets.map((target) => [target.id, createAdapter(target, context)]));
    this.logSources = clusterLogSources(config.logs.sources, config.targets);
    this.ingest = this.newLogIngest(undefined);
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

  /** `delayMs` holds the first poll back (e.g. while a fresh deployment's nodes come up). A standby polls nothing. */
  start(delayMs = 0): void {
    if (this.currentRole === 'standby') return;
    this.startLogIngest();
    if (delayMs <= 0) return this.collector.start();
    this.startTimer = setTimeout(() => this.collector.start(), delayMs);
  }

  async stop(): Promise<void> {
    if (this.startTimer) clearTimeout(this.startTimer);
    await this.collector.stop();
    await this.logIngest?.stop();
  }

  /** Log sources start at once: a file or receiver that cannot start shows it in its status. */
  private startLogIngest(): void {
    if (this.logIngestStarted) return;
    this.logIngestStarted = true;
    this.logIngest?.start().catch((error: unknown) => console.error(`[clusterscope] ${this.config.name}: log sources failed to start:`, error));
  }

  get role(): ClusterRole {
    return this.currentRole;
  }

  /** Calls `listener` whenever this replica starts or stops collecting the cluster; returns the unsubscribe. */
  onRoleChange(listener: (role: ClusterRole) => void): () => void {
    this.roleListeners.add(listener);
    return () => this.roleListeners.delete(listener);
  }

  private setRole(role: ClusterRole): void {
    if (this.currentRole === role) return;
    this.currentRole = role;
    for (const listener of this.roleListeners) listener(role);
  }

  /**
   * High availability: another replica collects this cluster. Polling stops
   * (connections kept), log files are left to the collector, and the views are
   * fed from the shared store through applyFollowed.
   */
  async standBy(): Promise<void> {
    this.setRole('standby');
    if (this.startTimer) clearTimeout(this.startTimer);
    await this.collector.pause();
    // Elected again while the last cycle ended: collecting wins, the log sources stay.
    if (this.currentRole !== 'standby') return;
    if (this.logIngestStarted) {
      const positions = this.ingest?.positions();
      await this.ingest?.stop();
      // Started afresh where it stopped if this replica collects again.
      this.ingest = this.newLogIngest(positions ?? undefined);
      this.logIngestStarted = false;
    }
  }

  /**
   * High availability: this replica now collects the cluster. Findings adopted
   * from the previous collector continue (same id and firstSeen); a move from
   * another replica is itself a finding for a few intervals.
   */
  collect(takeover: { at: number; term: number; previousHolder: string | null; replicaId: string; graceCycles: number }): void {
    const wasStandby = this.currentRole === 'standby';
    if (takeover.previousHolder !== null && takeover.previousHolder !== takeover.replicaId) {
      this.collectorMove = { cluster: this.name, from: takeover.previousHolder, to: takeover.replicaId, term: takeover.term, at: takeover.at };
    }
    if (wasStandby && this.cycles > 0) this.engine.takeOver(takeover.at, takeover.graceCycles);
    this.sharedStoreStaleSince = null;
    this.setRole('collector');
    this.startLogIngest();
    this.collector.start();
  }

  /** When a node is next due: from this replica's own schedule, or on a standby from the collector's. */
  nextDueAt(id: string): number | null {
    return this.currentRole === 'standby' ? (this.followedNextDue.get(id) ?? null) : this.collector.nextDueAt(id);
  }

  /** A standby has read the shared store (ready from then on, even before the collector's first cycle). */
  markStoreRead(): void {
    this.sharedStoreStaleSince = null;
    if (this.firstCycleAt === null) this.firstCycleAt = this.now();
  }

  /**
   * A standby's cycle: the collector's reports and log lines join this
   * replica's stores, the same analyzers run on them (so every view and the
   * analyzers' state are warm for a takeover), then the findings are the
   * collector's own, so every replica answers the same ids and firstSeen.
   */
  async applyFollowed(followed: FollowedCycle): Promise<void> {
    for (const report of followed.reports) this.store.record(report);
    for (const [id, due] of followed.nextDueAt) this.followedNextDue.set(id, due);
    for (const line of followed.logLines) {
      const entry = {
        ts: new Date(line.ts).toISOString(),
        level: asLogLevel(line.level),
        component: line.component,
        code: line.code ?? undefined,
        subject: line.subject ?? undefined,
        transient: asTransientHint(line.transient),
        message: line.message,
      };
      this.logStore.append(line.node, [entry], line.ts);
    }
    await this.judge(this.now());
    this.engine.adopt(followed.findings);
    this.lastCycle = { ...followed.cycle, skipped: 0, newlyFailing: 0, confirming: false };
    this.cycles += 1;
    this.markStoreRead();
    if (this.cycleListeners.size > 0) this.notifyCycle();
    await this.afterCommitted();
  }

  /** Lines from log files and syslog join the node's stream; their evidence is kept for the analyzers. */
  private ingestLogs(batch: IngestBatch): void {
    const lines = this.linkLogLines(batch);
    const seqs = this.logStore.append(batch.target, lines, batch.receivedAt);
    for (const evidence of batch.evidence) this.logEvidence.push({ ...evidence, seq: seqs[evidence.line] });
    const excess = this.logEvidence.length - MAX_LOG_EVIDENCE;
    if (excess > 0) {
      this.logEvidence.splice(0, excess);
      this.logEvidenceDropped += excess;
    }
  }

  /**
   * Registration rejections and full-sync failures name no link in their words;
   * the node's own report does (the replica's links, or the primary's link to
   * the replica at that address; a line naming a db, that db's link). The line
   * takes that link id as its subject, so the log group and the finding about
   * the link (sync.registration_loop, sync.error) point at each other.
   */
  private linkLogLines(batch: IngestBatch): IngestBatch['lines'] {
    if (!batch.evidence.some((item) => LINK_EVIDENCE.has(item.kind))) return batch.lines;
    const links = this.store.lastOk(batch.target)?.sync?.links ?? [];
    const lines = [...batch.lines];
    for (const item of batch.evidence) {
      let link: (typeof links)[number] | undefined;
      if (item.kind === 'sync.registration_rejected') {
        const replica = item.side === 'replica' ? batch.target : item.replicaAddress ? (this.addressToTarget.get(item.replicaAddress) ?? item.replicaAddress.replace(/:\d+$/, '')) : null;
        link = links.find((candidate) => candidate.replica === replica && (item.side === 'replica' || candidate.primary === batch.target));
      } else if (item.kind === 'sync.full_sync_retry' || item.kind === 'sync.full_sync_failed') {
        const db = item.kind === 'sync.full_sync_failed' ? item.db : null;
        const own = links.filter((candidate) => candidate.replica === batch.target);
        link = (db !== null ? own.find((candidate) => candidate.id.endsWith(`/${db}`)) : undefined) ?? own[0];
      }
      if (link) lines[item.line] = { ...lines[item.line], subject: link.id };
    }
    return lines;
  }

  /** Reports as the analyzers read them: each with what its node's logs said within the history window. */
  private withLogEvidence(reports: ReadonlyMap<string, NodeReport>, now: number): ReadonlyMap<string, NodeReport> {
    if (this.logEvidence.length === 0) return reports;
    const since = now - this.config.historyWindow;
    const failureSince = now - LOG_FAILURE_FRESH_INTERVALS * this.config.pollInterval;
    return new Map([...reports].map(([id, report]) => [id, overlayLogEvidence(report, this.logEvidence, since, failureSince)]));
  }

  /** Evidence read from log lines since `afterSeq` (log store seq), oldest first. */
  logEvidenceSince(afterSeq = 0): StoredLogEvidence[] {
    return this.logEvidence.filter((evidence) => evidence.seq > afterSeq);
  }

  get logIngest(): LogIngest | null {
    return this.ingest;
  }

  private newLogIngest(initialPositions: LogPositions | undefined): LogIngest | null {
    if (this.logSources.length === 0) return null;
    return new LogIngest({ sources: this.logSources, onBatch: (batch) => this.ingestLogs(batch), initialPositions });
  }

  /**
   * Resumes log files where the last run stopped (positions from history).
   * Only before start: a running tail already chose where to read from.
   */
  resumeLogPositions(positions: LogPositions): void {
    if (this.logIngestStarted || this.ingest === null || Object.keys(positions).length === 0) return;
    this.ingest = this.newLogIngest(positions);
  }

  /** Where each log file has been read up to, to save with the cycle; null when the cluster reads no files. */
  logPositions(): LogPositions | null {
    return this.ingest?.positions() ?? null;
  }

  /** Each log source's state, counts and problems (files, receivers): what an operator checks first. */
  logSourceStatus(): LogSourceStatus[] {
    return this.logIngest?.status() ?? [];
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
      collecting: this.currentRole !== 'standby',
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

  /**
   * The log classifier caught up a slice of lines at a time, with requests let
   * in between (a 5,000-node cycle brings 5,000 lines or more). Lines are shown
   * as they are stored, not per cycle, so a request between slices may see the
   * classifier partly caught up; logClassifierState() catches up the rest.
   */
  private async foldNewLogLines(onSlice: (ms: number) => void): Promise<void> {
    const store = this.logStore;
    const lines = store.sinceSeq(this.logClassifier.lastSeq);
    const oldest = store.lastSeq() - store.stats().retained + 1;
    for (let from = 0; from < lines.length; from += LOG_LINES_PER_SLICE) {
      if (from > 0) await letRequestsIn();
      const started = performance.now();
      this.logClassifier = foldLines(this.logClassifier, lines.slice(from, from + LOG_LINES_PER_SLICE), oldest);
      onSlice(performance.now() - started);
    }
  }

  nodeSummary(id: string, now = this.now()): NodeSummary | null {
    const meta = this.store.meta(id);
    if (!meta) return null;
    return summarizeNode({
      meta,
      latest: this.store.latest(id),
      lastOk: this.store.lastOk(id),
      nextDueAt: this.nextDueAt(id),
      now,
      pollIntervalMs: this.config.pollInterval,
    });
  }

  nodeSummaries(): NodeSummary[] {
    return this.targets.map((target) => this.nodeSummary(target.id)).filter((node): node is NodeSummary => node !== null);
  }

  private async afterCycle(summary: CycleSummary): Promise<void> {
    const now = this.now();
    await this.judge(now);
    this.lastCycle = summary;
    this.cycles += 1;
    // Ready only once every target has been asked at least once.
    if (this.firstCycleAt === null && summary.polled === this.targets.length) this.firstCycleAt = now;
    if (this.cycleListeners.size > 0) {
      const started = performance.now();
      this.notifyCycle();
      this.lastCycleSlices.push({ slice: 'cycle listeners (metrics, alerting)', ms: performance.now() - started });
    }
    await this.afterCommitted();
  }

  /**
   * Calls `listener` after every committed cycle, awaited before the next
   * (lib/api/per-cycle.ts builds the views being looked at there, in slices);
   * returns the unsubscribe.
   */
  afterCommit(listener: () => Promise<void>): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  private async afterCommitted(): Promise<void> {
    for (const listener of this.commitListeners) {
      try {
        await listener();
      } catch (error) {
        console.error(`[clusterscope] ${this.name}: work after a cycle failed:`, error);
      }
    }
  }

  /**
   * Every analyzer on the reports as they stand, one at a time with requests
   * let in between (DiagnosticsEngine.evaluateInSlices), then the log
   * classifier caught up. The views built from a cycle change only once every
   * analyzer has run: callers count the cycle after this resolves.
   */
  private async judge(now: number): Promise<void> {
    const slices: { slice: string; ms: number }[] = [];
    const timed = <Value>(slice: string, work: () => Value): Value => {
      const started = performance.now();
      const value = work();
      slices.push({ slice, ms: performance.now() - started });
      return value;
    };
    const targetIds = this.targets.map((target) => target.id);
    // Each node's status, a slice of nodes at a time (5,000 summaries are one long task); one `now` for all.
    const nodeStatus = new Map<string, NodeStatus>();
    for (let from = 0; from < targetIds.length; from += NODES_PER_SLICE) {
      timed('node states, one slice', () => {
        for (const id of targetIds.slice(from, from + NODES_PER_SLICE)) {
          const summary = this.nodeSummary(id, now);
          if (summary) nodeStatus.set(id, summary.status);
        }
      });
      await letRequestsIn();
    }
    const input = timed('analyzer input (reports with log evidence)', () => ({
      now,
      pollIntervalMs: this.config.pollInterval,
      targetIds,
      reports: this.withLogEvidence(this.store.latestMap(), now),
      lastOk: this.withLogEvidence(this.store.lastOkMap(), now),
      nodeStatus,
      logEvidence: this.logEvidence,
    }));
    await this.engine.evaluateInSlices(
      input,
      (analyzer, error) => console.error(`[clusterscope] ${this.name}: analyzer ${analyzer} failed:`, error),
      letRequestsIn,
      collectorMovedConditions(this.collectorMove, now, this.config.pollInterval),
      (slice, ms) => slices.push({ slice, ms }),
    );
    // Fold new log lines every cycle, so group counts never miss lines that age out before anyone looks.
    try {
      await this.foldNewLogLines((ms) => slices.push({ slice: 'log classifier, one slice', ms }));
    } catch (error) {
      console.error(`[clusterscope] ${this.name}: log classifier failed:`, error);
    }
    this.lastCycleSlices = slices;
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

import type { ClusterConfig, TargetConfig } from '@/lib/config/schema';
import { notAsked } from '@/lib/diagnostics/node-status';
import { targetAddress } from '@/lib/adapters';
import { failedReport, type NodeReport, type PollReason, type PollStatus } from '@/lib/contract/report';
import type { SourceAdapter } from '@/lib/adapters/types';
import type { LogStore } from '@/lib/store/log-store';
import type { ReportStore } from '@/lib/store/report-store';
import { backoffDelay } from './backoff';

export type CycleSummary = {
  startedAt: number;
  durationMs: number;
  polled: number;
  /** Nodes skipped this cycle because they are backing off. */
  skipped: number;
  /** Nodes whose poll failed this cycle after their previous poll was ok. */
  newlyFailing: number;
  /** A re-check run at once after a cycle in which many nodes began failing (see SURGE_SHARE). */
  confirming: boolean;
};

export type CollectorDeps = {
  config: ClusterConfig;
  targets: readonly TargetConfig[];
  adapters: ReadonlyMap<string, SourceAdapter>;
  store: ReportStore;
  logStore: LogStore;
  /**
   * Called after every cycle with all reports stored (diagnostics run here).
   * The next cycle waits for a returned promise, so diagnostics never overlap.
   */
  onCycle: (summary: CycleSummary) => void | Promise<void>;
  onError?: (message: string, error: unknown) => void;
  now?: () => number;
  random?: () => number;
  /** Upper bound of the backoff for failing nodes: re-probe at least this often. */
  maxBackoffMs?: number;
};

type NodeSchedule = { failures: number; nextDueAt: number };

/** Grace on top of the request timeout for an adapter that does not honour it. */
const ADAPTER_GRACE_MS = 500;

/**
 * When at least this share of a cluster's nodes (and MIN_SURGE_NODES) begin
 * failing in one cycle, the nodes whose answer in it may not be the whole
 * story are asked again at once instead of an interval later: those that
 * answered before the outage began, and those that failed otherwise than most
 * (a request cut by the outage fails as "network error", the next is refused).
 * So 5,000 nodes down are one group of 5,000 within seconds, not 2,500 now and
 * the rest a cycle later. Refused connections fail at once, so this costs
 * little; it runs at most once per scheduled cycle, and not at all when every
 * node already failed the same way.
 */
export const SURGE_SHARE = 0.1;
export const MIN_SURGE_NODES = 3;

/**
 * Asks every target for a report once per interval, never two cycles at once,
 * with a concurrency limit. Each report is stored the moment it arrives, so a
 * node that hangs only costs its own timeout and never delays the others.
 */
/**
 * Runs `work` on every item with at most `concurrency` running at once: that
 * many workers each take the next item in turn. Queuing every item up front
 * (p-limit: a closure, a promise and a queue entry per node) kept 5,000 of
 * each alive for the whole polling phase, long enough to be promoted into the
 * old generation every cycle.
 */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
}

export class Collector {
  private readonly schedule = new Map<string, NodeSchedule>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private paused = false;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly maxBackoffMs: number;
  private cycles = 0;

  constructor(private readonly deps: CollectorDeps) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.maxBackoffMs = Math.max(deps.maxBackoffMs ?? 30_000, deps.config.pollInterval);
    for (const target of deps.targets) this.schedule.set(target.id, { failures: 0, nextDueAt: 0 });
  }

  get cycleCount(): number {
    return this.cycles;
  }

  /** When the node is next due to be polled (ms since epoch). */
  nextDueAt(id: string): number | null {
    return this.schedule.get(id)?.nextDueAt ?? null;
  }

  start(): void {
    this.paused = false;
    if (this.timer || this.running || this.stopped) return;
    this.tick();
  }

  /**
   * Stops polling but keeps the nodes' connections and schedule: another
   * replica collects the cluster for now (high availability); start() resumes.
   */
  async pause(): Promise<void> {
    this.paused = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  get polling(): boolean {
    return !this.paused && !this.stopped && (this.timer !== null || this.running !== null);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    await Promise.all([...this.deps.adapters.values()].map((adapter) => adapter.close().catch(() => undefined)));
  }

  /** Runs one full cycle now (tests and the bench drive cycles directly). */
  async runCycle(): Promise<CycleSummary> {
    const { summary } = await this.pollCycle(this.dueTargets());
    await this.judge(summary);
    return summary;
  }

  private dueTargets(): readonly TargetConfig[] {
    const now = this.now();
    return this.deps.targets.filter((target) => (this.schedule.get(target.id)?.nextDueAt ?? 0) <= now);
  }

  /** Polls `due`; with each node's outcome (`ok`, or status and reason code) for the re-check after a surge. */
  private async pollCycle(due: readonly TargetConfig[], confirming = false): Promise<{ summary: CycleSummary; outcomes: Map<string, string> }> {
    const startedAt = this.now();
    const wallStart = performance.now();
    let newlyFailing = 0;
    const outcomes = new Map<string, string>();
    await forEachConcurrently(due, this.deps.config.concurrency, async (target) => {
      const { report, newlyFailing: began } = await this.pollOne(target, startedAt);
      if (began) newlyFailing += 1;
      outcomes.set(target.id, report.status === 'ok' ? 'ok' : `${report.status}:${report.reason?.code ?? ''}`);
    });
    this.cycles += 1;
    const summary: CycleSummary = {
      startedAt,
      durationMs: Math.round((performance.now() - wallStart) * 100) / 100,
      polled: due.length,
      skipped: this.deps.targets.length - due.length,
      newlyFailing,
      confirming,
    };
    return { summary, outcomes };
  }

  private async judge(summary: CycleSummary): Promise<void> {
    try {
      await this.deps.onCycle(summary);
    } catch (error) {
      this.deps.onError?.('diagnostics failed after a poll cycle', error);
    }
  }

  /** Many nodes began failing in this cycle: worth asking some again now (see SURGE_SHARE). */
  private isSurge(summary: CycleSummary): boolean {
    return summary.newlyFailing >= Math.max(MIN_SURGE_NODES, SURGE_SHARE * this.deps.targets.length);
  }

  /** After a surge: the nodes that answered, and those that failed otherwise than the commonest failure. */
  private toRecheck(outcomes: ReadonlyMap<string, string>): TargetConfig[] {
    const failures = new Map<string, number>();
    for (const outcome of outcomes.values()) if (outcome !== 'ok') failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
    let commonest: string | null = null;
    for (const [outcome, count] of failures) if (commonest === null || count > (failures.get(commonest) ?? 0)) commonest = outcome;
    return this.deps.targets.filter((target) => outcomes.has(target.id) && outcomes.get(target.id) !== commonest);
  }

  /**
   * What each scheduled tick runs: one cycle, judged. When many nodes began
   * failing in it, the nodes it may have seen before the failure (or cut by
   * it) are asked again at once, and only then is the cycle judged: the
   * outage's whole extent, with no judging of the half-seen cycle in between.
   */
  async runScheduledCycle(): Promise<CycleSummary[]> {
    const { summary, outcomes } = await this.pollCycle(this.dueTargets());
    const recheck = this.isSurge(summary) && !this.stopped ? this.toRecheck(outcomes) : [];
    if (recheck.length === 0) {
      await this.judge(summary);
      return [summary];
    }
    const { summary: confirmed } = await this.pollCycle(recheck, true);
    await this.judge(confirmed);
    return [summary, confirmed];
  }

  private tick(): void {
    if (this.stopped || this.paused) return;
    const startedAt = performance.now();
    this.running = this.runScheduledCycle()
      .then(() => undefined)
      .catch((error) => this.deps.onError?.('poll cycle failed', error))
      .finally(() => {
        this.running = null;
        if (this.stopped || this.paused) return;
        // The next cycle starts one interval after this one started, or right away if this one overran.
        const elapsed = performance.now() - startedAt;
        this.timer = setTimeout(() => {
          this.timer = null;
          this.tick();
        }, Math.max(0, this.deps.config.pollInterval - elapsed));
        this.timer.unref?.();
      });
  }

  /** Polls one node and stores its report; `newlyFailing` when it failed after its previous poll was ok. */
  private async pollOne(target: TargetConfig, cycleStartedAt: number): Promise<{ report: NodeReport; newlyFailing: boolean }> {
    const adapter = this.deps.adapters.get(target.id);
    if (!adapter) return { report: this.failure(target, 'bad_response', { code: 'protocol', message: `no adapter for ${target.id}` }), newlyFailing: false };
    const report = await this.safePoll(target, adapter);
    const newlyFailing = report.status !== 'ok' && this.deps.store.lastPollStatus(target.id) === 'ok';
    this.deps.store.record(report);
    if (report.logs) this.deps.logStore.ingest(target.id, report.logs, report.fetchedAt);
    const schedule = this.schedule.get(target.id) ?? { failures: 0, nextDueAt: 0 };
    // A poll the dashboard could not send (out of file descriptors) says nothing of the node: no backoff for it.
    const failed = (report.status === 'unreachable' || report.status === 'timeout') && !notAsked(report);
    schedule.failures = failed ? schedule.failures + 1 : 0;
    // Counted from the cycle's start (not the answer's arrival, which a slow node delays) and due slightly
    // early, so a healthy node is polled every cycle however long it took to answer.
    const delay = backoffDelay(schedule.failures, this.deps.config.pollInterval, this.maxBackoffMs, this.random);
    schedule.nextDueAt = cycleStartedAt + delay - this.deps.config.pollInterval / 2;
    this.schedule.set(target.id, schedule);
    return { report, newlyFailing };
  }

  /** An adapter must never throw or hang; if one does anyway, the node gets a report that says so. */
  private async safePoll(target: TargetConfig, adapter: SourceAdapter): Promise<NodeReport> {
    const { requestTimeout, maxResponseBytes, logs } = this.deps.config;
    let guard: NodeJS.Timeout | undefined;
    const overdue = new Promise<'overdue'>((resolve) => {
      guard = setTimeout(() => resolve('overdue'), requestTimeout + ADAPTER_GRACE_MS);
    });
    try {
      const result = await Promise.race([
        adapter.poll({
          timeoutMs: requestTimeout,
          maxResponseBytes,
          logsAfter: this.deps.logStore.position(target.id),
          logsLimit: logs.perPollLimit,
          now: this.now,
        }),
        overdue,
      ]);
      if (result === 'overdue') return this.failure(target, 'timeout', { code: 'timeout', message: `no answer within ${requestTimeout} ms` });
      return result;
    } catch (error) {
      this.deps.onError?.(`adapter for ${target.id} threw`, error);
      return this.failure(target, 'bad_response', { code: 'protocol', message: `adapter error: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      clearTimeout(guard);
    }
  }

  private failure(target: TargetConfig, status: Exclude<PollStatus, 'ok'>, reason: PollReason): NodeReport {
    return failedReport({
      targetId: target.id,
      kind: target.kind,
      address: targetAddress(target),
      status,
      reason,
      fetchedAt: this.now(),
    });
  }
}

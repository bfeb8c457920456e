import 'server-only';
import type { LiveStore } from '@/lib/store/persistence/types';
import type { ClusterRuntime } from './runtime';

/** The cycle a standby last applied: (term, seq) names it; logTo is where its log lines ended. */
export type AppliedCycle = { term: number; seq: number; logTo: number };

/**
 * A standby's reader of one cluster: brings the collector's newest cycle from
 * the shared store into the cluster's runtime (reports, log lines, findings).
 * Reads are triggered from outside (NOTIFY, or the fallback poll of every
 * cluster's seq) and never overlap: a trigger during a read runs one more.
 */
export class ClusterFollower {
  private appliedCycle: AppliedCycle | null = null;
  private reading: Promise<void> | null = null;
  private again = false;

  constructor(
    readonly runtime: ClusterRuntime,
    private readonly store: LiveStore,
    private readonly onError: (message: string) => void = (message) => console.error(`[clusterscope] ${runtime.name}: ${message}`),
  ) {}

  get applied(): AppliedCycle | null {
    return this.appliedCycle;
  }

  /** Whether (term, seq) is newer than what was applied. */
  behind(term: number, seq: number): boolean {
    return this.appliedCycle === null || this.appliedCycle.term !== term || this.appliedCycle.seq !== seq;
  }

  /** Reads the newest cycle (once more if a read is under way); resolves when caught up. */
  read(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.again = false;
          await this.readOnce();
        } while (this.again && this.runtime.role === 'standby');
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }

  /** The store could not be read: views say since when, and nodes age to stale by the usual rule. */
  markUnreachable(at: number): void {
    this.runtime.sharedStoreStaleSince ??= at;
  }

  private async readOnce(): Promise<void> {
    const { runtime } = this;
    try {
      const live = await this.store.liveCycle(runtime.name);
      if (runtime.role !== 'standby') return;
      if (!live || !this.behind(live.term, live.seq)) {
        runtime.markStoreRead();
        return;
      }
      const sameTerm = this.appliedCycle?.term === live.term;
      // Within a term only the reports of cycles not read yet (a 5,000-node cluster's bodies are megabytes).
      const rows = await this.store.liveReports(runtime.name, sameTerm ? this.appliedCycle!.seq : undefined);
      // Only what this replica does not have yet: the same report is never recorded twice.
      const reports = rows.filter((row) => row.report.fetchedAt > (runtime.store.latest(row.report.targetId)?.fetchedAt ?? Number.NEGATIVE_INFINITY));
      // Within a term, every line since the last applied cycle (cycles read together); after a takeover, this cycle's.
      const logFrom = sameTerm ? Math.min(this.appliedCycle!.logTo, live.logFrom) : live.logFrom;
      const logLines = live.logTo > logFrom ? await this.store.logLinesBySeq(runtime.name, live.term, logFrom, live.logTo, runtime.logStore.retention) : [];
      if (runtime.role !== 'standby') return;
      await runtime.applyFollowed({
        cycle: { startedAt: live.at, durationMs: live.durationMs, polled: live.polled },
        reports: reports.map((row) => row.report),
        nextDueAt: new Map(rows.map((row) => [row.report.targetId, row.nextDueAt])),
        logLines,
        findings: live.findings,
      });
      this.appliedCycle = { term: live.term, seq: live.seq, logTo: live.logTo };
    } catch (error) {
      const first = runtime.sharedStoreStaleSince === null;
      this.markUnreachable(runtime.now());
      if (first) this.onError(`cannot read the collector's cycle from the shared store: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

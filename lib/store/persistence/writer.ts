import 'server-only';
import { FencedError } from './fence';
import type { CycleBatch, HistoryStore, LiveWrite, RetentionPolicy } from './types';
import type { StorageStatus } from './writer-status';

export type { StorageStatus } from './writer-status';

/**
 * How a collecting replica's cycle is fenced (high availability): the term is
 * read when the cycle is written, not when it is queued, so cycles queued
 * while the database was away are written under a term re-acquired since.
 */
export type QueuedFence = {
  /** The writer's current term for the cluster; null once it no longer collects it. */
  term: () => number | null;
  live: LiveWrite | null;
  /** How long the write's transaction may stay silent before the server ends it (the replica's session timeout). */
  idleTimeoutMs?: number;
  /** Called when the store refused the cycle: another replica collects the cluster now. */
  onFenced: (error: FencedError) => void;
};

/** Cycles waiting to be written before the oldest are dropped (and counted): memory stays bounded when the database is down. */
export const MAX_QUEUED_CYCLES = 120;

/**
 * Writes cycles to the history store off the request and collector paths:
 * `enqueue` returns at once, a drain scheduled with setImmediate writes one
 * cycle per transaction, in order. A failure is a status, never an exception
 * into the collector; live views keep working from memory meanwhile.
 */
export class HistoryWriter {
  private readonly queue: { cluster: string; batch: CycleBatch; onLost?: () => void; fence?: QueuedFence }[] = [];
  private draining: Promise<void> | null = null;
  private maintaining: Promise<void> | null = null;
  private readonly current: StorageStatus;

  constructor(
    readonly store: HistoryStore,
    options: { maxBytes: number; schemaVersion: number | null },
    private readonly now: () => number = Date.now,
  ) {
    this.current = {
      engine: store.engine,
      location: store.location,
      state: 'ok',
      schemaVersion: options.schemaVersion,
      lastError: null,
      lastWrite: null,
      cyclesWritten: 0,
      cyclesFailed: 0,
      cyclesDropped: 0,
      cyclesFenced: 0,
      queued: 0,
      size: null,
      maxBytes: options.maxBytes,
      lastRetention: null,
    };
  }

  /**
   * Queues one cycle. `onLost` is called if it is never written (failed or
   * dropped): batches hold only what changed, so the producer must then send
   * everything again.
   */
  enqueue(cluster: string, batch: CycleBatch, onLost?: () => void, fence?: QueuedFence): void {
    this.queue.push({ cluster, batch, onLost, fence });
    while (this.queue.length > MAX_QUEUED_CYCLES) {
      this.queue.shift()?.onLost?.();
      this.current.cyclesDropped += 1;
    }
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  /** Resolves once everything queued so far has been tried, and any retention pass has ended. */
  async flush(): Promise<void> {
    while (this.draining || this.maintaining) await (this.draining ?? this.maintaining);
  }

  status(): StorageStatus {
    return { ...this.current, queued: this.queue.length };
  }

  /** Applies retention (cutting deeper while over the size budget) and measures the size. */
  maintain(policy: RetentionPolicy): Promise<void> {
    // One pass at a time: a slow pass is not joined by the next timer's.
    this.maintaining ??= this.retain(policy).finally(() => {
      this.maintaining = null;
    });
    return this.maintaining;
  }

  private async retain(policy: RetentionPolicy): Promise<void> {
    const started = this.now();
    try {
      let result = await this.store.applyRetention(started, policy);
      let size = await this.store.size();
      // Over budget: halve what the bulkiest kinds keep, down to a day, until it fits.
      let keep = policy;
      for (let pass = 0; pass < 8 && size.bytes > this.current.maxBytes; pass++) {
        keep = shrink(keep);
        result = await this.store.applyRetention(started, keep);
        size = await this.store.size();
      }
      this.current.lastRetention = { at: started, durationMs: this.now() - started, result };
      this.current.size = { ...size, at: this.now() };
    } catch (error) {
      this.fail(error);
    }
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        const started = performance.now();
        try {
          await this.write(next.cluster, next.batch, next.fence);
          this.current.cyclesWritten += 1;
          this.current.state = 'ok';
          this.current.lastWrite = { at: this.now(), durationMs: performance.now() - started, cluster: next.cluster };
        } catch (error) {
          next.onLost?.();
          if (error instanceof FencedError) {
            // Not a storage failure: the store did its job by refusing a stale writer.
            this.current.cyclesFenced += 1;
            next.fence?.onFenced(error);
            continue;
          }
          this.current.cyclesFailed += 1;
          this.fail(error);
        }
      }
    } finally {
      this.draining = null;
    }
  }

  private async write(cluster: string, batch: CycleBatch, fence: QueuedFence | undefined): Promise<void> {
    if (!fence) return this.store.writeCycle(cluster, batch);
    const term = fence.term();
    if (term === null) throw new FencedError(cluster, null, null);
    return this.store.writeCycle(cluster, batch, { term, live: fence.live, idleTimeoutMs: fence.idleTimeoutMs });
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.current.state !== 'failing') console.error(`[clusterscope] history ${this.store.engine} at ${this.store.location}: ${message}`);
    this.current.state = 'failing';
    this.current.lastError = { message, at: this.now() };
  }
}

const DAY = 86_400_000;

function shrink(policy: RetentionPolicy): RetentionPolicy {
  const keepMs = { ...policy.keepMs };
  for (const kind of ['samples', 'linkSamples', 'logLines'] as const) keepMs[kind] = Math.max(DAY, Math.floor(keepMs[kind] / 2));
  return { ...policy, keepMs };
}

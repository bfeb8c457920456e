import pg from 'pg';
import { CYCLE_CHANNEL } from '@/lib/store/persistence/sql-history-store';
import { fairShare, planRound } from './fair-share';
import { clusterLockKey } from './lock-key';

/** A replica counts as live while its heartbeat is this many lock retries old at most (and its session exists). */
export const LIVE_AFTER_RETRIES = 3;
const CONNECT_TIMEOUT_MS = 5000;
/** A replica silent this long is forgotten (it shows on the replicas page only while live anyway). */
const FORGET_REPLICA_AFTER_MS = 24 * 3_600_000;

export type StoreReach = { state: 'ok' | 'unreachable'; since: number | null };

/** A cluster this replica holds: its fencing term, and since when this replica collects it. */
export type HeldLease = { term: number; since: number };

export type ElectorEvents = {
  /** This replica now collects `cluster` under `term`; `previousHolder` is who held the lease before (null: nobody ever). */
  onAcquire(cluster: string, lease: HeldLease & { previousHolder: string | null }): void;
  /** This replica no longer collects `cluster` (another took it, fair share, or fenced). */
  onLose(cluster: string, why: string): void;
  /** The collector of `cluster` wrote a cycle (NOTIFY on the election session). */
  onCycleWritten?(cluster: string): void;
};

export type ElectorOptions = {
  url: string;
  replicaId: string;
  clusters: readonly string[];
  lockRetryMs: number;
  sessionTimeoutMs: number;
  events: ElectorEvents;
  now?: () => number;
  log?: (message: string) => void;
};

/** How long taking a cluster waits for its lease row: half a lock retry, so a round keeps its pace. */
function leaseRowWaitMs(lockRetryMs: number): number {
  return Math.max(50, Math.round(lockRetryMs / 2));
}

/** PostgreSQL's lock_not_available (55P03): lock_timeout ran out. */
function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '55P03';
}

/**
 * One replica's side of the election (docs/high-availability.md): a dedicated
 * PostgreSQL session holding one session advisory lock per cluster it
 * collects. Every lockRetry it heartbeats (so PostgreSQL's idle_session_timeout
 * ends only a silent session, releasing its locks), takes free clusters up to
 * its fair share and gives back one above it. Losing the session, it keeps
 * its clusters in mind, reconnects with bounded backoff and tries their locks
 * again: re-acquired is a new term for the same holder, taken is a loss.
 */
export class Elector {
  private client: pg.Client | null = null;
  private readonly held = new Map<string, HeldLease>();
  private reach: StoreReach = { state: 'ok', since: null };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private paused = false;
  private failures = 0;
  private readonly startedAt: number;
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: ElectorOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.log = options.log ?? ((message) => console.log(`[clusterscope] ha: ${message}`));
  }

  get replicaId(): string {
    return this.options.replicaId;
  }

  /** The term under which this replica may write `cluster` now; null when it does not collect it. */
  termOf(cluster: string): number | null {
    return this.held.get(cluster)?.term ?? null;
  }

  heldLeases(): ReadonlyMap<string, HeldLease> {
    return this.held;
  }

  storeReach(): StoreReach {
    return { ...this.reach };
  }

  start(): void {
    if (this.running || this.timer || this.stopped) return;
    this.tick();
  }

  /** Runs one round now (tests drive rounds directly). */
  async round(): Promise<void> {
    try {
      const client = this.client ?? (await this.connect());
      await this.heartbeat(client);
      await this.balance(client);
      this.failures = 0;
      if (this.reach.state !== 'ok') this.log(`store reachable again (${this.options.replicaId})`);
      this.reach = { state: 'ok', since: null };
    } catch (error) {
      this.failures += 1;
      if (this.reach.state === 'ok') {
        this.reach = { state: 'unreachable', since: this.now() };
        this.log(`store unreachable (${this.options.replicaId}): ${error instanceof Error ? error.message : String(error)}`);
      }
      await this.dropSession();
    }
  }

  /**
   * Gives `cluster` back at once (a fenced write showed another replica has it).
   * The next round takes it again only if its lock is free and the share allows.
   */
  async release(cluster: string, why: string): Promise<void> {
    if (!this.held.delete(cluster)) return;
    this.options.events.onLose(cluster, why);
    await this.client?.query('SELECT pg_advisory_unlock($1::bigint)', [clusterLockKey(cluster)]).catch(() => undefined);
  }

  /**
   * Stops the rounds without a word to the server, as a stopped process would
   * (SIGSTOP, a long pause): the session stays open until the server's idle timeout ends it.
   */
  async pause(): Promise<void> {
    this.paused = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  resume(): void {
    this.paused = false;
    this.tick();
  }

  /**
   * Gives every cluster back and leaves the replicas table, so others take over
   * at once. `abrupt` only closes the connection, as a killed process does.
   */
  async stop({ abrupt = false } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (abrupt) {
      await client.end().catch(() => undefined);
      return;
    }
    try {
      await client.query('DELETE FROM replicas WHERE id = $1', [this.options.replicaId]);
      await client.query('SELECT pg_advisory_unlock_all()');
    } catch {
      // The session ends below either way, which releases the locks.
    }
    await client.end().catch(() => undefined);
  }

  private tick(): void {
    if (this.stopped || this.paused || this.running) return;
    this.running = this.round().finally(() => {
      this.running = null;
      if (this.stopped || this.paused) return;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.tick();
      }, this.nextDelay());
      this.timer.unref?.();
    });
  }

  /** Every lockRetry while connected; after failures a shorter, doubling wait, capped at lockRetry. */
  private nextDelay(): number {
    const { lockRetryMs } = this.options;
    if (this.failures === 0) return lockRetryMs;
    return Math.min(lockRetryMs, 100 * 2 ** Math.min(this.failures, 10));
  }

  private async connect(): Promise<pg.Client> {
    const timeout = Math.max(1, Math.round(this.options.sessionTimeoutMs));
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: Math.max(this.options.sessionTimeoutMs, CONNECT_TIMEOUT_MS),
      keepAlive: true,
      application_name: `clusterscope ${this.options.replicaId}`.slice(0, 63),
    });
    // A session ended by the server (restart, idle timeout) must not crash the process: the next round sees it.
    client.on('error', () => void this.dropSession(client));
    client.on('notification', (message) => {
      if (message.channel === CYCLE_CHANNEL && message.payload) this.options.events.onCycleWritten?.(message.payload);
    });
    try {
      await client.connect();
      // A silent session (a stopped process) is ended by the server after this long, releasing its locks.
      await client.query(`SET idle_session_timeout = ${timeout}`);
      await client.query(`SET idle_in_transaction_session_timeout = ${timeout}`);
      await client.query(`LISTEN ${CYCLE_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    // A new session holds no locks: whatever was held before is re-acquired (a new term) or lost.
    if (this.held.size > 0) await this.reacquire(client);
    return client;
  }

  private async reacquire(client: pg.Client): Promise<void> {
    for (const cluster of [...this.held.keys()]) {
      const lease = await this.tryAcquire(client, cluster);
      if (lease) {
        this.held.set(cluster, lease);
        this.options.events.onAcquire(cluster, lease);
      } else {
        this.held.delete(cluster);
        this.options.events.onLose(cluster, 'another replica took it while this one was away from the store');
      }
    }
  }

  private async heartbeat(client: pg.Client): Promise<void> {
    const now = this.now();
    await client.query(
      `INSERT INTO replicas (id, started_at, heartbeat, session_pid) VALUES ($1, $2, $3, pg_backend_pid())
       ON CONFLICT (id) DO UPDATE SET heartbeat = excluded.heartbeat, session_pid = excluded.session_pid`,
      [this.options.replicaId, this.startedAt, now],
    );
    // Replicas gone for good (ids with a pid change at every restart) leave the table after a while.
    await client.query('DELETE FROM replicas WHERE heartbeat < $1', [now - FORGET_REPLICA_AFTER_MS]);
    if (this.held.size > 0) {
      // A lease row this replica's own cycle write holds is skipped, never waited for: a session waiting on a lock is
      // not idle, so a process paused mid-write would otherwise keep its session (and its locks) past sessionTimeout.
      await client.query(
        `UPDATE collector_leases SET heartbeat = $1
         WHERE cluster IN (SELECT cluster FROM collector_leases WHERE holder = $2 AND cluster = ANY($3::text[]) FOR UPDATE SKIP LOCKED)`,
        [now, this.options.replicaId, [...this.held.keys()]],
      );
    }
  }

  private async liveReplicas(client: pg.Client): Promise<number> {
    const since = this.now() - LIVE_AFTER_RETRIES * this.options.lockRetryMs;
    // A replica whose session is gone (killed, or ended by the idle timeout) no longer counts, however fresh its heartbeat.
    const result = await client.query<{ live: string }>(
      'SELECT COUNT(*) AS live FROM replicas r WHERE r.heartbeat >= $1 AND EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = r.session_pid)',
      [since],
    );
    return Number(result.rows[0]?.live ?? 1);
  }

  private async balance(client: pg.Client): Promise<void> {
    const share = fairShare(this.options.clusters.length, await this.liveReplicas(client));
    const plan = planRound(this.options.clusters, new Set(this.held.keys()), share);
    if (plan.release) {
      const cluster = plan.release;
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [clusterLockKey(cluster)]);
      this.held.delete(cluster);
      this.options.events.onLose(cluster, `fair share: ${share} cluster(s) per replica`);
      return;
    }
    for (const cluster of plan.tryTake) {
      if (this.held.size >= share || this.stopped) break;
      const lease = await this.tryAcquire(client, cluster);
      if (!lease) continue;
      this.held.set(cluster, lease);
      this.options.events.onAcquire(cluster, lease);
    }
  }

  /**
   * Takes the cluster's lock if it is free, then bumps and reads its term in
   * one transaction. The lease row may still be locked by the previous
   * collector's last cycle write: waited for a moment at most, then given up
   * until the next round (lock and all), so a round never outlasts its session's
   * query timeout and a write paused for good never holds the election.
   */
  private async tryAcquire(client: pg.Client, cluster: string): Promise<(HeldLease & { previousHolder: string | null }) | null> {
    const key = clusterLockKey(cluster);
    const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
    if (!locked.rows[0]?.locked) return null;
    const now = this.now();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL lock_timeout = ${leaseRowWaitMs(this.options.lockRetryMs)}`);
      const before = await client.query<{ holder: string }>('SELECT holder FROM collector_leases WHERE cluster = $1 FOR UPDATE', [cluster]);
      // The same holder again (after losing its session) keeps its "since": it is not a move.
      const after = await client.query<{ term: string; since: string }>(
        `INSERT INTO collector_leases (cluster, term, holder, since, heartbeat) VALUES ($1, 1, $2, $3, $3)
         ON CONFLICT (cluster) DO UPDATE SET term = collector_leases.term + 1, holder = excluded.holder, heartbeat = excluded.heartbeat,
           since = CASE WHEN collector_leases.holder = excluded.holder THEN collector_leases.since ELSE excluded.since END
         RETURNING term, since`,
        [cluster, this.options.replicaId, now],
      );
      await client.query('COMMIT');
      return { term: Number(after.rows[0].term), since: Number(after.rows[0].since), previousHolder: before.rows[0]?.holder ?? null };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
      if (isLockTimeout(error)) {
        this.log(`${this.options.replicaId} waits for "${cluster}": its lease row is still locked by the previous collector's cycle write`);
        return null;
      }
      throw error;
    }
  }

  /** Forgets a broken session (its locks are gone with it on the server); held clusters wait for the reconnect. */
  private async dropSession(client: pg.Client | null = this.client): Promise<void> {
    if (!client) return;
    if (this.client === client) this.client = null;
    client.removeAllListeners('notification');
    await client.end().catch(() => undefined);
  }
}

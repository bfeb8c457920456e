import 'server-only';
import type { StatusChange, StatusSample } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import type { NodeStatus, PollStatus } from '@/lib/contract/report';
import type { NodeReport } from '@/lib/contract/report';
import { FencedError } from './fence';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, NewerSchemaError } from './migrations';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver';
import {
  HISTORY_KINDS,
  type CollectorLease,
  type CycleBatch,
  type CycleFence,
  type CycleRecord,
  type EngineName,
  type HistoryKind,
  type HistoryStore,
  type IncidentSnapshot,
  type LinkSample,
  type LiveCycle,
  type LiveReport,
  type LiveWrite,
  type LogGroupSnapshot,
  type LogPositions,
  type NodeSample,
  type PeerBase,
  type PeerMove,
  type ReplicaRow,
  type RetentionPolicy,
  type RetentionResult,
  type RoutingVersion,
  type StoreSize,
  type StoredLogLine,
  type TimeRange,
} from './types';

/** Each kind's table and the time column retention cuts on. */
const TABLES: Record<HistoryKind, { table: string; time: string }> = {
  cycles: { table: 'cycles', time: 'started_at' },
  findings: { table: 'findings', time: 'last_seen' },
  statusChanges: { table: 'status_changes', time: 'at' },
  samples: { table: 'samples', time: 'at' },
  linkSamples: { table: 'link_samples', time: 'at' },
  peerMoves: { table: 'peer_moves', time: 'at' },
  routingVersions: { table: 'routing_versions', time: 'at' },
  incidents: { table: 'incidents', time: 'at' },
  logLines: { table: 'log_lines', time: 'ts' },
  logGroups: { table: 'log_groups', time: 'at' },
};

/** The channel a collecting replica notifies after each cycle; the payload is the cluster's name. */
export const CYCLE_CHANNEL = 'clusterscope_cycle';

/** Buckets folded per retention pass (every 10 minutes): a day's backlog of 30-minute buckets, and more. */
const MAX_DOWNSAMPLE_BUCKETS = 96;

/** Worst first: a bucket that saw any failure keeps the failure, never reads as healthy. */
const STATUS_BY_SEVERITY: readonly PollStatus[] = ['unreachable', 'timeout', 'bad_response', 'ok'];
const WORST_STATUS_SQL = (() => {
  const rank = `MIN(CASE status ${STATUS_BY_SEVERITY.map((status, index) => `WHEN '${status}' THEN ${index}`).join(' ')} ELSE 0 END)`;
  return `CASE ${rank} ${STATUS_BY_SEVERITY.map((status, index) => `WHEN ${index} THEN '${status}'`).join(' ')} END`;
})();

const FINDING_COLUMNS = ['cluster', 'id', 'first_seen', 'kind', 'severity', 'subject', 'summary', 'evidence', 'last_seen', 'status', 'resolved_at', 'class', 'log_groups'];
const FINDING_UPSERT =
  'ON CONFLICT (cluster, id, first_seen) DO UPDATE SET severity = excluded.severity, summary = excluded.summary, evidence = excluded.evidence, ' +
  'last_seen = excluded.last_seen, status = excluded.status, resolved_at = excluded.resolved_at, class = excluded.class, log_groups = excluded.log_groups';

/** Reads the schema version, creating the bookkeeping table on an empty database. */
export async function schemaVersionOf(db: SqlExecutor): Promise<number> {
  await db.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const rows = await db.all<{ version: number }>('SELECT MAX(version) AS version FROM schema_version');
  return Number(rows[0]?.version ?? 0);
}

/** Brings the schema up to `target` (the newest by default), one transaction per migration. */
export async function migrate(driver: SqlDriver, location: string, target = LATEST_SCHEMA_VERSION): Promise<number> {
  // Replicas starting together on one PostgreSQL: each step holds the migration lock and reads the version under it.
  const locked = async (tx: SqlExecutor) => {
    if (driver.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    return schemaVersionOf(tx);
  };
  const current = await driver.transaction(locked);
  if (current > LATEST_SCHEMA_VERSION) throw new NewerSchemaError(current, location);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    await driver.transaction(async (tx) => {
      if ((await locked(tx)) >= migration.version) return;
      for (const statement of migration.statements) await tx.run(statement);
      await tx.run('DELETE FROM schema_version');
      await tx.run('INSERT INTO schema_version (version) VALUES (?)', [migration.version]);
    });
  }
  return schemaVersionOf(driver);
}

/** The advisory lock migrations take on PostgreSQL (a constant of our own, apart from the cluster lock keys). */
const MIGRATION_LOCK_KEY = 7_236_001_884_315_020;

const json = (value: unknown) => JSON.stringify(value);
/** Times are kept in whole milliseconds (BIGINT); clocks with a fraction of a millisecond are rounded. */
const ms = (time: number) => Math.round(time);

function findingRow(cluster: string, finding: Finding): SqlValue[] {
  return [
    cluster,
    finding.id,
    ms(finding.firstSeen),
    finding.kind,
    finding.severity,
    json(finding.subject),
    finding.summary,
    json(finding.evidence),
    ms(finding.lastSeen),
    finding.status,
    finding.resolvedAt === null ? null : ms(finding.resolvedAt),
    finding.class,
    json(finding.logGroups),
  ];
}

function findingFrom(row: SqlRow): Finding {
  return {
    id: String(row.id),
    kind: row.kind as Finding['kind'],
    severity: row.severity as Finding['severity'],
    subject: JSON.parse(String(row.subject)) as Finding['subject'],
    summary: String(row.summary),
    evidence: JSON.parse(String(row.evidence)) as Finding['evidence'],
    firstSeen: Number(row.first_seen),
    lastSeen: Number(row.last_seen),
    status: row.status as Finding['status'],
    resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
    class: row.class as Finding['class'],
    logGroups: JSON.parse(String(row.log_groups)) as string[],
  };
}

const nullableNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const nullableText = (value: unknown) => (value === null || value === undefined ? null : String(value));

function sampleFrom(row: SqlRow): NodeSample {
  return {
    node: String(row.node),
    at: Number(row.at),
    status: row.status as PollStatus,
    latencyMs: nullableNumber(row.latency_ms),
    reason: nullableText(row.reason),
    reasonCode: nullableText(row.reason_code),
  };
}

/** A whole number of milliseconds, at least 1 (0 turns the timeout off), or null for none: SET takes no parameters, so only a number goes in. */
function idleTimeoutSetting(ms: number | undefined): number | null {
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? Math.max(1, Math.round(ms)) : null;
}

/** The history store over any SqlDriver: one schema, one set of queries for every engine. */
export class SqlHistoryStore implements HistoryStore {
  constructor(
    readonly engine: EngineName,
    readonly location: string,
    private readonly db: SqlDriver,
  ) {}

  /** Opens the store on a driver: migrates it, or refuses a database from a newer version. */
  static async open(engine: EngineName, location: string, db: SqlDriver): Promise<SqlHistoryStore> {
    try {
      await migrate(db, location);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
    return new SqlHistoryStore(engine, location, db);
  }

  async writeCycle(cluster: string, batch: CycleBatch, fence?: CycleFence): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (fence) {
        // A writer paused mid-write would hold the lease row (below) for as long as it is paused, and every takeover with it.
        const idleTimeout = this.engine === 'postgres' ? idleTimeoutSetting(fence.idleTimeoutMs) : null;
        if (idleTimeout !== null) await tx.run(`SET LOCAL idle_in_transaction_session_timeout = ${idleTimeout}`);
        // Locks the lease row until commit: a takeover (which bumps the term) waits for this cycle, or this cycle sees its term.
        const lock = this.engine === 'postgres' ? ' FOR UPDATE' : '';
        const rows = await tx.all<{ term: number }>(`SELECT term FROM collector_leases WHERE cluster = ?${lock}`, [cluster]);
        const current = rows[0] === undefined ? null : Number(rows[0].term);
        if (current !== fence.term) throw new FencedError(cluster, fence.term, current);
        if (fence.live) await writeLive(tx, cluster, fence.term, fence.live, this.engine === 'postgres');
      }
      const { cycle } = batch;
      await tx.insertMany('cycles', ['cluster', 'started_at', 'duration_ms', 'polled'], [[cluster, ms(cycle.startedAt), cycle.durationMs, cycle.polled]], 'ON CONFLICT (cluster, started_at) DO NOTHING');
      await tx.insertMany('findings', FINDING_COLUMNS, batch.findings.map((finding) => findingRow(cluster, finding)), FINDING_UPSERT);
      await tx.insertMany(
        'status_changes',
        ['cluster', 'node', 'at', 'from_status', 'to_status', 'reason'],
        batch.statusChanges.map((change) => [cluster, change.node, ms(change.at), change.from, change.to, change.reason]),
      );
      await tx.insertMany(
        'samples',
        ['cluster', 'node', 'at', 'resolution', 'status', 'latency_ms', 'reason', 'reason_code'],
        batch.samples.map((sample) => [cluster, sample.node, ms(sample.at), 0, sample.status, sample.latencyMs, sample.reason, sample.reasonCode ?? null]),
        'ON CONFLICT (cluster, node, at) DO NOTHING',
      );
      await tx.insertMany(
        'link_samples',
        ['cluster', 'node', 'link', 'primary_node', 'replica_node', 'at', 'state', 'reported_state', 'lag', 'primary_offset', 'replica_offset'],
        batch.linkSamples.map((link) => [
          cluster,
          link.node,
          link.link,
          link.primary,
          link.replica,
          ms(link.at),
          link.state,
          link.reportedState,
          link.lag,
          link.primaryOffset,
          link.replicaOffset,
        ]),
      );
      await tx.insertMany(
        'peer_bases',
        ['cluster', 'node', 'at', 'body'],
        (batch.peerBases ?? []).map((base) => [cluster, base.node, ms(base.at), json({ categories: base.categories, left: base.left ?? [] })]),
        'ON CONFLICT (cluster, node, at) DO UPDATE SET body = excluded.body',
      );
      await tx.insertMany(
        'peer_moves',
        ['cluster', 'node', 'peer', 'at', 'from_category', 'to_category'],
        batch.peerMoves.map((move) => [cluster, move.node, move.peer, ms(move.at), move.from, move.to]),
      );
      await tx.insertMany(
        'routing_versions',
        ['cluster', 'node', 'at', 'version', 'changed', 'base'],
        batch.routingVersions.map((version) => [cluster, version.node, ms(version.at), version.version, json(version.base ? baseOwners(version.changed) : version.changed), version.base ? 1 : 0]),
      );
      await tx.insertMany(
        'incidents',
        ['cluster', 'id', 'at', 'status', 'body'],
        batch.incidents.map((incident) => [cluster, incident.id, ms(incident.at), incident.status, json(incident.view)]),
        'ON CONFLICT (cluster, id, at) DO UPDATE SET status = excluded.status, body = excluded.body',
      );
      await tx.insertMany(
        'log_lines',
        // The term only under high availability: a store without replicas never needs the column.
        ['cluster', 'seq', 'node', 'ts', 'level', 'component', 'code', 'subject', 'transient', 'message', ...(fence ? ['term'] : [])],
        batch.logLines.map((line) => [
          cluster,
          line.seq,
          line.node,
          ms(line.ts),
          line.level,
          line.component,
          line.code,
          line.subject ?? null,
          line.transient ?? null,
          line.message,
          ...(fence ? [fence.term] : []),
        ]),
      );
      await tx.insertMany(
        'log_groups',
        ['cluster', 'fingerprint', 'at', 'count', 'body'],
        batch.logGroups.map((group) => [cluster, group.fingerprint, ms(group.at), group.count, json(group.view)]),
        'ON CONFLICT (cluster, fingerprint, at) DO UPDATE SET count = excluded.count, body = excluded.body',
      );
      if (batch.logPositions) {
        // Replaced whole, in the same transaction as the cycle's lines: a restart resumes where the stored lines end.
        await tx.run('DELETE FROM log_positions WHERE cluster = ?', [cluster]);
        await tx.insertMany('log_positions', ['cluster', 'source', 'path', 'dev', 'ino', 'byte_offset'], positionRows(cluster, batch.logPositions));
      }
    });
  }

  async cycles(cluster: string, { from, to }: TimeRange): Promise<CycleRecord[]> {
    const rows = await this.db.all('SELECT started_at, duration_ms, polled FROM cycles WHERE cluster = ? AND started_at >= ? AND started_at <= ? ORDER BY started_at', [cluster, from, to]);
    return rows.map((row) => ({ startedAt: Number(row.started_at), durationMs: Number(row.duration_ms), polled: Number(row.polled) }));
  }

  async cycleAt(cluster: string, at: number): Promise<CycleRecord | null> {
    const rows = await this.db.all('SELECT started_at, duration_ms, polled FROM cycles WHERE cluster = ? AND started_at <= ? ORDER BY started_at DESC LIMIT 1', [cluster, at]);
    const row = rows[0];
    return row ? { startedAt: Number(row.started_at), durationMs: Number(row.duration_ms), polled: Number(row.polled) } : null;
  }

  async findingsAt(cluster: string, at: number, resolvedSinceMs: number): Promise<Finding[]> {
    const rows = await this.db.all(
      `SELECT * FROM findings WHERE cluster = ? AND first_seen <= ? AND (resolved_at IS NULL OR resolved_at > ?)
       UNION ALL SELECT * FROM findings WHERE cluster = ? AND resolved_at IS NOT NULL AND resolved_at <= ? AND resolved_at > ?`,
      [cluster, at, at, cluster, at, at - resolvedSinceMs],
    );
    return rows.map(findingFrom).map((finding) => asOf(finding, at));
  }

  async openFindings(cluster: string): Promise<Finding[]> {
    const rows = await this.db.all("SELECT * FROM findings WHERE cluster = ? AND status = 'active' ORDER BY first_seen", [cluster]);
    return rows.map(findingFrom);
  }

  async statusChanges(cluster: string, { from, to }: TimeRange, node?: string): Promise<StatusChange[]> {
    const rows = node
      ? await this.db.all('SELECT * FROM status_changes WHERE cluster = ? AND node = ? AND at >= ? AND at <= ? ORDER BY at', [cluster, node, from, to])
      : await this.db.all('SELECT * FROM status_changes WHERE cluster = ? AND at >= ? AND at <= ? ORDER BY at', [cluster, from, to]);
    return rows.map((row) => ({
      at: Number(row.at),
      node: String(row.node),
      from: row.from_status as NodeStatus,
      to: row.to_status as NodeStatus,
      reason: nullableText(row.reason),
    }));
  }

  async samples(cluster: string, node: string, { from, to }: TimeRange): Promise<StatusSample[]> {
    const rows = await this.db.all('SELECT * FROM samples WHERE cluster = ? AND node = ? AND at >= ? AND at <= ? ORDER BY at', [cluster, node, from, to]);
    return rows.map(sampleFrom).map((sample) => ({ at: sample.at, status: sample.status, latencyMs: sample.latencyMs, reason: sample.reason }));
  }

  async latestSamples(cluster: string, { from, to }: TimeRange): Promise<NodeSample[]> {
    const rows = await this.db.all(
      `SELECT s.* FROM samples s JOIN (SELECT node, MAX(at) AS at FROM samples WHERE cluster = ? AND at >= ? AND at <= ? GROUP BY node) newest
       ON s.node = newest.node AND s.at = newest.at WHERE s.cluster = ?`,
      [cluster, from, to, cluster],
    );
    return rows.map(sampleFrom);
  }

  async linkSamples(cluster: string, { from, to }: TimeRange, link?: string): Promise<LinkSample[]> {
    const rows = link
      ? await this.db.all('SELECT * FROM link_samples WHERE cluster = ? AND link = ? AND at >= ? AND at <= ? ORDER BY at', [cluster, link, from, to])
      : await this.db.all('SELECT * FROM link_samples WHERE cluster = ? AND at >= ? AND at <= ? ORDER BY at', [cluster, from, to]);
    return rows.map(linkSampleFrom);
  }

  async latestLinkSamples(cluster: string, { from, to }: TimeRange): Promise<LinkSample[]> {
    const rows = await this.db.all(
      `SELECT l.* FROM link_samples l JOIN (SELECT node, link, MAX(at) AS at FROM link_samples WHERE cluster = ? AND at >= ? AND at <= ? GROUP BY node, link) newest
       ON l.node = newest.node AND l.link = newest.link AND l.at = newest.at WHERE l.cluster = ? ORDER BY l.link, l.node`,
      [cluster, from, to, cluster],
    );
    return rows.map(linkSampleFrom);
  }

  async peerMoves(cluster: string, { from, to }: TimeRange): Promise<PeerMove[]> {
    const rows = await this.db.all('SELECT * FROM peer_moves WHERE cluster = ? AND at >= ? AND at <= ? ORDER BY at', [cluster, from, to]);
    return rows.map(peerMoveFrom);
  }

  async peersAt(cluster: string, at: number): Promise<{ bases: PeerBase[]; moves: PeerMove[] }> {
    const baseRows = await this.db.all(
      `SELECT b.* FROM peer_bases b JOIN (SELECT node, MAX(at) AS at FROM peer_bases WHERE cluster = ? AND at <= ? GROUP BY node) newest
       ON b.node = newest.node AND b.at = newest.at WHERE b.cluster = ?`,
      [cluster, at, cluster],
    );
    const bases = baseRows.map((row) => {
      const body = JSON.parse(String(row.body)) as { categories: string[]; left: NonNullable<PeerBase['left']> };
      return { node: String(row.node), at: Number(row.at), categories: body.categories, left: body.left };
    });
    if (bases.length === 0) return { bases, moves: [] };
    const oldest = Math.min(...bases.map((base) => base.at));
    const rows = await this.db.all('SELECT * FROM peer_moves WHERE cluster = ? AND at >= ? AND at <= ? ORDER BY at', [cluster, oldest, at]);
    const since = new Map(bases.map((base) => [base.node, base.at]));
    // Only each node's moves from its own base on: older ones were before it started over.
    const moves = rows.map(peerMoveFrom).filter((move) => move.at >= (since.get(move.node) ?? Infinity));
    return { bases, moves };
  }

  async routingVersions(cluster: string, { from, to }: TimeRange): Promise<RoutingVersion[]> {
    const rows = await this.db.all('SELECT * FROM routing_versions WHERE cluster = ? AND at >= ? AND at <= ? ORDER BY at', [cluster, from, to]);
    return rows.map((row) => routingVersionFrom(row));
  }

  async routingAt(cluster: string, at: number): Promise<RoutingVersion[]> {
    const bases = await this.db.all<{ node: string; at: number }>(
      'SELECT node, MAX(at) AS at FROM routing_versions WHERE cluster = ? AND base = 1 AND at <= ? GROUP BY node',
      [cluster, at],
    );
    if (bases.length === 0) return [];
    const since = new Map(bases.map((base) => [String(base.node), Number(base.at)]));
    const oldest = Math.min(...since.values());
    const rows = await this.db.all('SELECT * FROM routing_versions WHERE cluster = ? AND at >= ? AND at <= ? ORDER BY at', [cluster, oldest, at]);
    // Most nodes of a cluster hold the same table: each distinct base is read once and handed over as one array.
    const parsedBases = new Map<string, RoutingVersion['changed']>();
    return rows
      .filter((row) => Number(row.at) >= (since.get(String(row.node)) ?? Infinity))
      .map((row) => routingVersionFrom(row, parsedBases));
  }

  async incidentsAt(cluster: string, at: number): Promise<IncidentSnapshot[]> {
    const rows = await this.db.all(
      `SELECT i.* FROM incidents i JOIN (SELECT id, MAX(at) AS at FROM incidents WHERE cluster = ? AND at <= ? GROUP BY id) newest
       ON i.id = newest.id AND i.at = newest.at WHERE i.cluster = ? ORDER BY i.at DESC`,
      [cluster, at, cluster],
    );
    return rows.map((row) => ({ id: String(row.id), at: Number(row.at), status: row.status as IncidentSnapshot['status'], view: JSON.parse(String(row.body)) }));
  }

  async logLines(cluster: string, { from, to }: TimeRange, limit: number): Promise<StoredLogLine[]> {
    const rows = await this.db.all('SELECT * FROM log_lines WHERE cluster = ? AND ts >= ? AND ts <= ? ORDER BY ts DESC, seq DESC LIMIT ?', [cluster, from, to, limit]);
    return rows.map(logLineFrom);
  }

  async logGroupsAt(cluster: string, at: number): Promise<LogGroupSnapshot[]> {
    const rows = await this.db.all(
      `SELECT g.* FROM log_groups g JOIN (SELECT fingerprint, MAX(at) AS at FROM log_groups WHERE cluster = ? AND at <= ? GROUP BY fingerprint) newest
       ON g.fingerprint = newest.fingerprint AND g.at = newest.at WHERE g.cluster = ? ORDER BY g.count DESC`,
      [cluster, at, cluster],
    );
    return rows.map((row) => ({ fingerprint: String(row.fingerprint), at: Number(row.at), count: Number(row.count), view: JSON.parse(String(row.body)) }));
  }

  async logPositions(cluster: string): Promise<LogPositions> {
    const rows = await this.db.all('SELECT source, path, dev, ino, byte_offset FROM log_positions WHERE cluster = ?', [cluster]);
    const positions: LogPositions = {};
    for (const row of rows) {
      const source = Number(row.source);
      positions[source] ??= {};
      positions[source][String(row.path)] = { dev: Number(row.dev), ino: Number(row.ino), offset: Number(row.byte_offset) };
    }
    return positions;
  }

  async liveSeqs(): Promise<Map<string, { term: number; seq: number }>> {
    const rows = await this.db.all('SELECT cluster, term, seq FROM live_cycles');
    return new Map(rows.map((row) => [String(row.cluster), { term: Number(row.term), seq: Number(row.seq) }]));
  }

  async liveCycle(cluster: string): Promise<LiveCycle | null> {
    const rows = await this.db.all('SELECT * FROM live_cycles WHERE cluster = ?', [cluster]);
    const row = rows[0];
    if (!row) return null;
    return {
      term: Number(row.term),
      seq: Number(row.seq),
      at: Number(row.at),
      durationMs: Number(row.duration_ms),
      polled: Number(row.polled),
      logFrom: Number(row.log_from),
      logTo: Number(row.log_to),
      findings: JSON.parse(String(row.findings)) as LiveCycle['findings'],
    };
  }

  async liveReports(cluster: string, afterSeq = Number.NEGATIVE_INFINITY): Promise<(LiveReport & { seq: number })[]> {
    const rows = Number.isFinite(afterSeq)
      ? await this.db.all('SELECT seq, next_due_at, body FROM live_reports WHERE cluster = ? AND seq > ?', [cluster, afterSeq])
      : await this.db.all('SELECT seq, next_due_at, body FROM live_reports WHERE cluster = ?', [cluster]);
    return rows.map((row) => ({ seq: Number(row.seq), nextDueAt: nullableNumber(row.next_due_at), report: JSON.parse(String(row.body)) as NodeReport }));
  }

  async logLinesBySeq(cluster: string, term: number, afterSeq: number, upToSeq: number, limit: number): Promise<StoredLogLine[]> {
    const rows = await this.db.all('SELECT * FROM log_lines WHERE cluster = ? AND term = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?', [cluster, term, afterSeq, upToSeq, limit]);
    return rows.map(logLineFrom);
  }

  async collectorLeases(): Promise<CollectorLease[]> {
    const rows = await this.db.all('SELECT * FROM collector_leases ORDER BY cluster');
    return rows.map((row) => ({ cluster: String(row.cluster), term: Number(row.term), holder: String(row.holder), since: Number(row.since), heartbeat: Number(row.heartbeat) }));
  }

  async replicas(): Promise<ReplicaRow[]> {
    const rows = await this.db.all('SELECT * FROM replicas ORDER BY id');
    return rows.map((row) => ({ id: String(row.id), startedAt: Number(row.started_at), heartbeat: Number(row.heartbeat) }));
  }

  async applyRetention(now: number, policy: RetentionPolicy): Promise<RetentionResult> {
    const downsampled = await this.downsample(now, policy);
    const deleted = {} as Record<HistoryKind, number>;
    await this.db.transaction(async (tx) => {
      for (const kind of HISTORY_KINDS) {
        const { table, time } = TABLES[kind];
        const cutoff = now - policy.keepMs[kind];
        if (kind === 'peerMoves' || kind === 'routingVersions') {
          deleted[kind] = await deleteBeforeBase(tx, kind, cutoff);
          continue;
        }
        // An open finding is kept whatever its age: it is still true.
        const extra = kind === 'findings' ? " AND status <> 'active'" : '';
        deleted[kind] = await tx.run(`DELETE FROM ${table} WHERE ${time} < ?${extra}`, [cutoff]);
      }
    });
    return { deleted, downsampled };
  }

  /**
   * Raw samples older than `rawSamplesMs` become one per node per bucket (as
   * CockroachDB keeps 10 s resolution short and 30 min long): the bucket's
   * worst status, a reason it gave, the mean latency. Folded in the database,
   * one bucket per transaction, yielding between buckets; returns the raw rows folded.
   */
  private async downsample(now: number, policy: RetentionPolicy): Promise<number> {
    const bucket = policy.downsampleBucketMs;
    // Whole buckets only, so a bucket is folded once and never meets a second, partial fold.
    const cutoff = Math.floor((now - policy.rawSamplesMs) / bucket) * bucket;
    let folded = 0;
    for (let pass = 0; pass < MAX_DOWNSAMPLE_BUCKETS; pass++) {
      const oldest = await this.db.all<{ at: number | null }>('SELECT MIN(at) AS at FROM samples WHERE resolution = 0 AND at < ?', [cutoff]);
      if (oldest[0]?.at === null || oldest[0]?.at === undefined) break;
      const from = Math.floor(Number(oldest[0].at) / bucket) * bucket;
      const to = from + bucket;
      folded += await this.db.transaction(async (tx) => {
        const raw = await tx.all<{ count: number }>('SELECT COUNT(*) AS count FROM samples WHERE resolution = 0 AND at >= ? AND at < ?', [from, to]);
        // The folded row sits at the bucket's start; a raw row there is overwritten by it (it is part of the bucket).
        await tx.run(
          `INSERT INTO samples (cluster, node, at, resolution, status, latency_ms, reason, reason_code)
           SELECT cluster, node, ?, 1, ${WORST_STATUS_SQL}, AVG(latency_ms), MAX(reason), MAX(reason_code)
           FROM samples WHERE resolution = 0 AND at >= ? AND at < ? GROUP BY cluster, node
           ON CONFLICT (cluster, node, at) DO UPDATE SET resolution = 1, status = excluded.status, latency_ms = excluded.latency_ms,
             reason = excluded.reason, reason_code = excluded.reason_code`,
          [from, from, to],
        );
        await tx.run('DELETE FROM samples WHERE resolution = 0 AND at >= ? AND at < ?', [from, to]);
        return Number(raw[0]?.count ?? 0);
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return folded;
  }

  async size(): Promise<StoreSize> {
    const rows = {} as Record<HistoryKind, number>;
    for (const kind of HISTORY_KINDS) {
      const result = await this.db.all<{ count: number }>(`SELECT COUNT(*) AS count FROM ${TABLES[kind].table}`);
      rows[kind] = Number(result[0]?.count ?? 0);
    }
    return { bytes: await this.db.sizeBytes(), rows };
  }

  schemaVersion(): Promise<number> {
    return schemaVersionOf(this.db);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

function logLineFrom(row: SqlRow): StoredLogLine {
  return {
    seq: Number(row.seq),
    node: String(row.node),
    ts: Number(row.ts),
    level: String(row.level),
    component: String(row.component),
    code: nullableText(row.code),
    subject: nullableText(row.subject),
    transient: nullableText(row.transient),
    message: String(row.message),
  };
}

/** The live rows of one cycle, inside its fenced transaction; PostgreSQL then tells every listening replica. */
async function writeLive(tx: SqlExecutor, cluster: string, term: number, live: LiveWrite, notify: boolean): Promise<void> {
  const { cycle } = live;
  await tx.insertMany(
    'live_cycles',
    ['cluster', 'term', 'seq', 'at', 'duration_ms', 'polled', 'log_from', 'log_to', 'findings'],
    [[cluster, term, cycle.seq, ms(cycle.at), cycle.durationMs, cycle.polled, cycle.logFrom, cycle.logTo, json(cycle.findings)]],
    'ON CONFLICT (cluster) DO UPDATE SET term = excluded.term, seq = excluded.seq, at = excluded.at, duration_ms = excluded.duration_ms, ' +
      'polled = excluded.polled, log_from = excluded.log_from, log_to = excluded.log_to, findings = excluded.findings',
  );
  await tx.insertMany(
    'live_reports',
    ['cluster', 'node', 'seq', 'fetched_at', 'next_due_at', 'body'],
    live.reports.map(({ report, nextDueAt }) => [cluster, report.targetId, cycle.seq, ms(report.fetchedAt), nextDueAt === null ? null : ms(nextDueAt), json(report)]),
    'ON CONFLICT (cluster, node) DO UPDATE SET seq = excluded.seq, fetched_at = excluded.fetched_at, next_due_at = excluded.next_due_at, body = excluded.body',
  );
  // Delivered on commit only, so a listener never reads ahead of the rows.
  if (notify) await tx.all('SELECT pg_notify(?, ?)', [CYCLE_CHANNEL, cluster]);
}

/** Each node's newest base at or before the cutoff: replay needs it, so rows from it on stay. */
const KEPT_FROM = {
  routingVersions: (cutoff: string) =>
    `COALESCE((SELECT MAX(b.at) FROM routing_versions b WHERE b.cluster = routing_versions.cluster AND b.node = routing_versions.node AND b.base = 1 AND b.at <= ${cutoff}), ${cutoff})`,
  peerMoves: (cutoff: string) =>
    `COALESCE((SELECT MAX(b.at) FROM peer_bases b WHERE b.cluster = peer_moves.cluster AND b.node = peer_moves.node AND b.at <= ${cutoff}), ${cutoff})`,
} as const;

/**
 * Retention for the kinds a past view replays (peer moves, routing versions):
 * rows older than the cutoff go, except from each node's newest base before the
 * cutoff on, so every node that was known at the cutoff stays known.
 */
async function deleteBeforeBase(tx: SqlExecutor, kind: 'peerMoves' | 'routingVersions', cutoff: number): Promise<number> {
  const cut = String(Math.round(cutoff));
  if (kind === 'routingVersions') return tx.run(`DELETE FROM routing_versions WHERE at < ${KEPT_FROM.routingVersions(cut)}`);
  const deleted = await tx.run(`DELETE FROM peer_moves WHERE at < ${KEPT_FROM.peerMoves(cut)}`);
  await tx.run(
    `DELETE FROM peer_bases WHERE at < COALESCE((SELECT MAX(b.at) FROM peer_bases b WHERE b.cluster = peer_bases.cluster AND b.node = peer_bases.node AND b.at <= ${cut}), ${cut})`,
  );
  return deleted;
}

function linkSampleFrom(row: SqlRow): LinkSample {
  return {
    node: String(row.node),
    link: String(row.link),
    primary: nullableText(row.primary_node),
    replica: nullableText(row.replica_node),
    at: Number(row.at),
    state: String(row.state),
    reportedState: nullableText(row.reported_state),
    lag: nullableNumber(row.lag),
    primaryOffset: nullableNumber(row.primary_offset),
    replicaOffset: nullableNumber(row.replica_offset),
  };
}

function peerMoveFrom(row: SqlRow): PeerMove {
  return { node: String(row.node), peer: String(row.peer), at: Number(row.at), from: nullableText(row.from_category), to: nullableText(row.to_category) };
}

/**
 * A base (a node's whole table) is kept as its owners by partition id, null
 * where unowned: a fifth of the size of every partition as a change from null.
 */
function baseOwners(changed: RoutingVersion['changed']): (string | null)[] {
  const owners: (string | null)[] = [];
  for (const change of changed) owners[change.partition] = change.to;
  return Array.from(owners, (owner) => owner ?? null);
}

function routingVersionFrom(row: SqlRow, bases?: Map<string, RoutingVersion['changed']>): RoutingVersion {
  const base = Number(row.base) === 1;
  const text = String(row.changed);
  const known = base ? bases?.get(text) : undefined;
  const changed =
    known ??
    (base
      ? (JSON.parse(text) as (string | null)[]).map((owner, partition) => ({ partition, from: null, to: owner }))
      : (JSON.parse(text) as RoutingVersion['changed']));
  if (base && !known) bases?.set(text, changed);
  return { node: String(row.node), at: Number(row.at), version: nullableText(row.version), changed, base };
}

function positionRows(cluster: string, positions: LogPositions): SqlValue[][] {
  return Object.entries(positions).flatMap(([source, files]) =>
    Object.entries(files).map(([file, position]) => [cluster, Number(source), file, position.dev, position.ino, position.offset]),
  );
}

/** A finding read back as of `at`: if it resolved later, it was still active then. */
function asOf(finding: Finding, at: number): Finding {
  if (finding.resolvedAt !== null && finding.resolvedAt > at) {
    return { ...finding, status: 'active', resolvedAt: null, lastSeen: Math.min(finding.lastSeen, at) };
  }
  if (finding.status === 'active' && finding.lastSeen > at) return { ...finding, lastSeen: at };
  return finding;
}

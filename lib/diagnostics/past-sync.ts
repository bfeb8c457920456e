import type { NodeSummary } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import { LINK_STATES, type LinkState, type NodeStatus } from '@/lib/contract/report';
import type { LinkSample } from '@/lib/store/persistence/types';
import type { SyncSample } from './sync';
import { arrangeLinks, linkJudgement, type SyncLinkRow, type SyncLinkSide, type SyncView, type SyncViewParams } from './sync-view';

/**
 * The sync view as of a past moment, from stored link samples: each link's
 * newest sample at or before `at`. A link is sampled when its state changes
 * and once a minute (LINK_HEARTBEAT_MS), so a sample older than that plus a
 * few polls, or from a node that was not answering then, is `stale`; one
 * older than the history window says nothing any more: `unknown`, never ok.
 * Verdicts are the sync findings that were active then. Pure.
 */

export type PastSyncInput = {
  at: number;
  pollIntervalMs: number;
  historyWindowMs: number;
  /** How long a link's state stands without a new sample (the writer's heartbeat). */
  heartbeatMs: number;
  nodes: readonly NodeSummary[];
  /** Each (node, link)'s newest sample before `at`, looking back further than the window. */
  latest: readonly LinkSample[];
  /** Samples of the selected link within the window, oldest first (its chart). */
  selectedSamples: readonly LinkSample[];
  findings: readonly Finding[];
  params: SyncViewParams;
};

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;
const KNOWN = new Set<string>(LINK_STATES);
const stateOf = (stored: string): LinkState => (KNOWN.has(stored) ? (stored as LinkState) : 'unknown');

/** Rows written before schema 5 do not say which link they are of: "a->b" names it, otherwise the reporter alone. */
function endsOf(sample: LinkSample): { primary: string; replica: string } {
  if (sample.primary && sample.replica) return { primary: sample.primary, replica: sample.replica };
  const [primary, replica] = sample.link.split('->');
  return replica ? { primary, replica } : { primary: sample.node, replica: sample.link };
}

export function syncAsOf(input: PastSyncInput): SyncView {
  const { at } = input;
  const statusOf = new Map(input.nodes.map((node) => [node.id, node.status]));
  const nodeStatus = (id: string): NodeStatus => statusOf.get(id) ?? 'unknown';
  const freshFor = input.heartbeatMs + 3 * input.pollIntervalMs;
  const byLink = new Map<string, LinkSample[]>();
  for (const sample of input.latest) {
    if (sample.at > at) continue;
    const list = byLink.get(sample.link);
    if (list) list.push(sample);
    else byLink.set(sample.link, [sample]);
  }
  const conditionsOf = new Map<string, Finding[]>();
  for (const finding of input.findings) {
    if (finding.status !== 'active' || !finding.kind.startsWith('sync.')) continue;
    conditionsOf.set(finding.subject.id, [...(conditionsOf.get(finding.subject.id) ?? []), finding]);
  }

  const rows: SyncLinkRow[] = [];
  for (const [id, samples] of byLink) {
    const { primary, replica } = endsOf(samples[0]);
    const sides: SyncLinkSide[] = samples.map((sample) => {
      const known = at - sample.at <= input.historyWindowMs;
      return {
        node: sample.node,
        side: sample.node === primary ? 'primary' : sample.node === replica ? 'replica' : 'other',
        state: known ? stateOf(sample.state) : 'unknown',
        reportedState: sample.reportedState,
        reportedAt: sample.at,
        fresh: known && at - sample.at <= freshFor && nodeStatus(sample.node) === 'ok',
        nodeStatus: nodeStatus(sample.node),
      };
    });
    sides.sort((a, b) => a.side.localeCompare(b.side));
    // As live: a current view first, the replica's own before the primary's.
    const pool = sides.some((side) => side.fresh) ? sides.filter((side) => side.fresh) : sides;
    const best = pool.find((side) => side.side === 'replica') ?? pool.find((side) => side.side === 'primary') ?? pool[0];
    const bestSample = samples.find((sample) => sample.node === best.node)!;
    const ownSample = samples.find((sample) => sample.node === primary && at - sample.at <= input.historyWindowMs);
    const conditions = [...(conditionsOf.get(id) ?? [])].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
    rows.push({
      id,
      primary,
      replica,
      state: best.state === 'unknown' ? 'unknown' : best.fresh ? best.state : 'stale',
      reportedState: best.reportedState,
      reportedBy: best.node,
      reportedAt: best.reportedAt,
      sides,
      ...linkJudgement(conditions, (condition) => condition.firstSeen),
      lag: ownSample?.lag ?? bestSample.lag,
      primaryOffset: ownSample?.primaryOffset ?? bestSample.primaryOffset,
      replicaOffset: bestSample.replicaOffset,
      // Attempts, errors, I/O and registration come from full answers, which history does not keep; the findings carry their evidence.
      attempts: null,
      maxAttempts: null,
      retriesExhausted: conditions.some((condition) => condition.evidence.retriesExhausted === true),
      lastError: null,
      lastIoAgeMs: null,
      registration: null,
    });
  }

  const roleOf = (id: string) => input.nodes.find((node) => node.id === id)?.role ?? null;
  const { counts, primaries, groups, selectedId } = arrangeLinks(rows, input.params, nodeStatus, roleOf);
  const selectedRow = rows.find((row) => row.id === selectedId);
  return {
    generatedAt: at,
    dataAt: input.latest.reduce<number | null>((newest, sample) => (sample.at <= at && (newest === null || sample.at > newest) ? sample.at : newest), null),
    pollIntervalMs: input.pollIntervalMs,
    counts,
    primaries,
    groups,
    selected: selectedRow ? { id: selectedRow.id, primary: selectedRow.primary, replica: selectedRow.replica, samples: input.selectedSamples.map(chartSample) } : null,
  };
}

/** Stored samples of one link as its chart's points. */
export function chartSample(sample: LinkSample): SyncSample {
  return {
    at: sample.at,
    state: stateOf(sample.state),
    reportedState: sample.reportedState,
    reportedBy: sample.node,
    primaryOffset: sample.primaryOffset,
    replicaOffset: sample.replicaOffset,
    lag: sample.lag,
    lastIoAgeMs: null,
  };
}

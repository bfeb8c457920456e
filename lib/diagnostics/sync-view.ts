import type { Condition, FindingKind, Severity } from '@/lib/contract/findings';
import type { LinkState, NodeReport, NodeStatus } from '@/lib/contract/report';
import { nodeStatus as statusByRule } from './node-status';
import { pausesAt, runAllSteps, type Steps } from './steps';
import {
  isExhausted,
  nodeTimeAgeMs,
  preferredView,
  viewsByLink,
  worstCondition,
  type LinkView,
  type SyncSample,
  type SyncState,
} from './sync';

/** The /sync page's data: topology per primary, each link's claim and verdict, and one link's history. */

export type SyncViewParams = { primary?: string; link?: string };

export type SyncLinkSide = {
  node: string;
  side: 'primary' | 'replica' | 'other';
  state: LinkState;
  reportedState: string | null;
  /** When the report this comes from arrived (collector clock, ms). */
  reportedAt: number;
  fresh: boolean;
  nodeStatus: NodeStatus;
};

export type SyncLinkCondition = {
  kind: FindingKind;
  severity: Severity;
  node: string | null;
  summary: string;
  since: number | null;
  evidence: Record<string, unknown>;
};

export type SyncLinkRow = {
  id: string;
  primary: string;
  replica: string;
  /** As reported by the best current view (the replica's own first); `stale` when nobody reports it now. */
  state: LinkState | 'stale';
  reportedState: string | null;
  reportedBy: string | null;
  reportedAt: number | null;
  sides: SyncLinkSide[];
  /** The worst condition on this link, or null when none holds. */
  verdict: { kind: FindingKind; severity: Severity; summary: string } | null;
  conditions: SyncLinkCondition[];
  /** "reports in_sync, but …" when the evidence contradicts the claim. */
  contradiction: string | null;
  lag: number | null;
  primaryOffset: number | null;
  replicaOffset: number | null;
  attempts: number | null;
  maxAttempts: number | null;
  retriesExhausted: boolean;
  lastError: { code: string | null; message: string; at: string | null; ageMs: number | null } | null;
  lastIoAgeMs: number | null;
  registration: { at: string; result: string; message: string | null; ageMs: number | null } | null;
};

export type SyncPrimaryGroup = {
  primary: string;
  primaryStatus: NodeStatus;
  /** The primary's role as it last said (null when never known). */
  primaryRole: string | null;
  links: SyncLinkRow[];
};

export type SyncView = {
  generatedAt: number;
  /** When the analyzer last ran (the data's age); null before the first poll cycle. */
  dataAt: number | null;
  pollIntervalMs: number;
  counts: { links: number; withCondition: number; byKind: Partial<Record<FindingKind, number>> };
  /** Every primary that has a link, whatever the filter (for the filter's choices). */
  primaries: string[];
  groups: SyncPrimaryGroup[];
  selected: { id: string; primary: string; replica: string; samples: SyncSample[] } | null;
};

/** The order `localeCompare` gives (with and without `numeric`), without building a collator per call. */
const compareText = new Intl.Collator().compare;
const byName = new Intl.Collator(undefined, { numeric: true }).compare;

function sideOf(view: LinkView): SyncLinkSide['side'] {
  if (view.reporter === view.link.primary) return 'primary';
  if (view.reporter === view.link.replica) return 'replica';
  return 'other';
}

type JudgedLink = Pick<Condition, 'kind' | 'severity' | 'subject' | 'summary' | 'evidence'>;

/**
 * A link's verdict (its worst condition), its conditions and a stalled link's
 * contradiction in words: one rule for the live view and for the view as of a
 * past moment (whose conditions are stored findings, timed by `since`).
 */
export function linkJudgement<Judged extends JudgedLink>(
  conditions: readonly Judged[],
  since: (condition: Judged) => number | null,
): Pick<SyncLinkRow, 'verdict' | 'conditions' | 'contradiction'> {
  const worst = worstCondition(conditions);
  const stalled = conditions.find((condition) => condition.kind === 'sync.stalled');
  return {
    verdict: worst ? { kind: worst.kind, severity: worst.severity, summary: worst.summary } : null,
    conditions: conditions.map((condition) => ({
      kind: condition.kind,
      severity: condition.severity,
      node: condition.subject.node ?? null,
      summary: condition.summary,
      since: since(condition),
      evidence: condition.evidence,
    })),
    contradiction: typeof stalled?.evidence.contradiction === 'string' ? stalled.evidence.contradiction : null,
  };
}

function toRow(
  id: string,
  linkViews: LinkView[],
  conditions: readonly Condition[],
  nodeStatus: (id: string) => NodeStatus,
  now: number,
): SyncLinkRow {
  const best = preferredView(linkViews) as LinkView;
  const { link } = best;
  const current = best.fresh;
  const own = linkViews.find((view) => view.reporter === link.primary && view.fresh);
  return {
    id,
    primary: link.primary,
    replica: link.replica,
    state: current ? link.state : 'stale',
    reportedState: link.reportedState,
    reportedBy: best.reporter,
    reportedAt: best.reportedAt,
    sides: linkViews
      .map((view) => ({
        node: view.reporter,
        side: sideOf(view),
        state: view.link.state,
        reportedState: view.link.reportedState,
        reportedAt: view.reportedAt,
        fresh: view.fresh,
        nodeStatus: nodeStatus(view.reporter),
      }))
      .sort((a, b) => compareText(a.side, b.side)),
    ...linkJudgement(conditions, (condition) => condition.since ?? null),
    // The primary knows how far it has written: its own lag figure beats the replica's belief.
    lag: own?.link.lag ?? link.lag,
    primaryOffset: own?.link.primaryOffset ?? link.primaryOffset,
    replicaOffset: link.replicaOffset,
    attempts: link.attempts,
    maxAttempts: link.maxAttempts,
    retriesExhausted: isExhausted(link),
    lastError: link.lastError
      ? {
          code: link.lastError.code ?? null,
          message: link.lastError.message,
          at: link.lastError.at ?? null,
          ageMs: nodeTimeAgeMs(link.lastError.at, best, now),
        }
      : null,
    lastIoAgeMs: nodeTimeAgeMs(link.lastIoAt, best, now),
    registration: link.registration
      ? {
          at: link.registration.at,
          result: link.registration.result,
          message: link.registration.message ?? null,
          ageMs: nodeTimeAgeMs(link.registration.at, best, now),
        }
      : null,
  };
}

const VERDICT_ORDER = (row: SyncLinkRow) => (row.verdict ? (row.verdict.severity === 'critical' ? 0 : 1) : 2);

/**
 * Rows into what the page shows: counts over every link, the primaries, the
 * links grouped by primary (only the asked-for one's with a primary filter),
 * and the link to chart — the one asked for, else the one most in need of attention.
 * One rule for the live view and the view as of a past moment.
 */
export function arrangeLinks(
  rows: readonly SyncLinkRow[],
  params: Pick<SyncViewParams, 'primary' | 'link'>,
  nodeStatus: (id: string) => NodeStatus,
  nodeRole: (id: string) => string | null,
): Arranged {
  return runAllSteps(arrangeLinksSteps(rows, params, nodeStatus, nodeRole));
}

type Arranged = Pick<SyncView, 'counts' | 'primaries' | 'groups'> & { selectedId: string | null };

/** Primaries grouped between two pauses of a sliced build. */
const GROUPS_PER_STEP = 500;

/** arrangeLinks as steps (lib/diagnostics/steps.ts). */
function* arrangeLinksSteps(
  rows: readonly SyncLinkRow[],
  params: Pick<SyncViewParams, 'primary' | 'link'>,
  nodeStatus: (id: string) => NodeStatus,
  nodeRole: (id: string) => string | null,
): Steps<Arranged> {
  const byKind: Partial<Record<FindingKind, number>> = {};
  for (const row of rows) for (const condition of row.conditions) byKind[condition.kind] = (byKind[condition.kind] ?? 0) + 1;

  const primaries = [...new Set(rows.map((row) => row.primary))].sort(byName);
  yield;
  const groupsByPrimary = new Map<string, SyncLinkRow[]>();
  for (const row of rows) {
    if (params.primary !== undefined && row.primary !== params.primary) continue;
    const list = groupsByPrimary.get(row.primary);
    if (list) list.push(row);
    else groupsByPrimary.set(row.primary, [row]);
  }
  // In the primaries' order: the same names, sorted by the same rule once.
  const groups: SyncPrimaryGroup[] = [];
  for (const primary of primaries) {
    const links = groupsByPrimary.get(primary);
    if (!links) continue;
    if (pausesAt(groups.length, GROUPS_PER_STEP)) yield;
    groups.push({
      primary,
      primaryStatus: nodeStatus(primary),
      primaryRole: nodeRole(primary),
      links: links.sort((a, b) => byName(a.replica, b.replica) || compareText(a.id, b.id)),
    });
  }

  yield;
  const shown = groups.flatMap((group) => group.links);
  const selectedId = params.link ?? [...shown].sort((a, b) => VERDICT_ORDER(a) - VERDICT_ORDER(b))[0]?.id ?? null;
  return { counts: { links: rows.length, withCondition: rows.filter((row) => row.verdict !== null).length, byKind }, primaries, groups, selectedId };
}

/**
 * `nodeOf` lets the caller supply the node status and role the rest of the
 * dashboard shows (it knows the collector's schedule and the last good report);
 * without it both are derived from the latest report alone.
 */
export function buildSyncView(
  state: SyncState,
  reports: ReadonlyMap<string, NodeReport>,
  params: SyncViewParams,
  now: number,
  nodeOf?: (id: string) => { status: NodeStatus; role: string | null } | null | undefined,
): SyncView {
  return runAllSteps(buildSyncViewSteps(state, reports, params, now, nodeOf));
}

/** Links turned into rows between two pauses of a sliced build. */
const LINKS_PER_STEP = 250;

/** buildSyncView as steps (lib/diagnostics/steps.ts): pauses between slices of links. */
export function* buildSyncViewSteps(
  state: SyncState,
  reports: ReadonlyMap<string, NodeReport>,
  params: SyncViewParams,
  now: number,
  nodeOf?: (id: string) => { status: NodeStatus; role: string | null } | null | undefined,
): Steps<SyncView> {
  const nodeStatus = (id: string) =>
    nodeOf?.(id)?.status ?? statusByRule({ latest: reports.get(id), nextDueAt: null, now, pollIntervalMs: state.pollIntervalMs });
  const nodeRole = (id: string) => nodeOf?.(id)?.role ?? reports.get(id)?.node?.role ?? null;
  const conditionsByLink = new Map<string, Condition[]>();
  for (const condition of state.conditions) {
    const list = conditionsByLink.get(condition.subject.id);
    if (list) list.push(condition);
    else conditionsByLink.set(condition.subject.id, [condition]);
  }

  const rows: SyncLinkRow[] = [];
  yield;
  for (const [id, linkViews] of viewsByLink(state.views)) {
    if (pausesAt(rows.length, LINKS_PER_STEP)) yield;
    rows.push(toRow(id, linkViews, conditionsByLink.get(id) ?? [], nodeStatus, now));
  }

  yield;
  const { counts, primaries, groups, selectedId } = yield* arrangeLinksSteps(rows, params, nodeStatus, nodeRole);
  const series = selectedId === null ? undefined : state.series.get(selectedId);

  return {
    generatedAt: now,
    dataAt: state.lastStepAt,
    pollIntervalMs: state.pollIntervalMs,
    counts,
    primaries,
    groups,
    selected: series ? { id: series.id, primary: series.primary, replica: series.replica, samples: series.samples.toArray() } : null,
  };
}

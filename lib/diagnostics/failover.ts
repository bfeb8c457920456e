import type { Condition } from '@/lib/contract/findings';
import { notAsked } from './node-status';
import type { NodeReport, PollStatus } from '@/lib/contract/report';
import type { Analyzer, CycleInput } from './types';
import { NodeIndex, UNOWNED, formatPartitionRanges, isClientReport, ownerTableOf, type OwnerArrayCache, type OwnerTable } from './routing-table';

/**
 * Failover diagnostics, rebuilt from the poll history as it arrives:
 * a partition's primary stops answering (crash) → a view stops naming it
 * (detection) → a view shows a new owner with a higher ballot (promotion) →
 * each node and client shows the new ballot (adoption). One incident groups
 * all partitions of one lost primary, so a Redis master losing 5,000 slots is
 * one incident, not 5,000.
 */

/** Incidents kept; the oldest are dropped past it. */
export const INCIDENT_LIMIT = 50;
/** Partitions listed in a finding's evidence (the count is always complete). */
export const FAILOVER_EVIDENCE_CAP = 20;

export type Detection = {
  at: number;
  /** The node whose view first stopped naming the old primary; null = only the dashboard's failed poll saw it. */
  by: string | null;
};

export type Promotion = {
  at: number;
  /** New current owners of the incident's partitions, most partitions first. */
  newPrimaries: string[];
  /** Highest ballot seen with a new owner; null when the source has no ballots. */
  ballot: number | null;
  seenBy: string;
};

export type FailoverIncident = {
  /** Stable: old primary + crash time. */
  id: string;
  oldPrimary: string;
  /** Sorted partition ids the old primary owned when it was lost. */
  partitions: number[];
  /** Ballot of each partition before the crash (aligned with `partitions`); null when none. */
  oldBallots: (number | null)[];
  oldBallot: number | null;
  crashAt: number;
  crashStatus: Extract<PollStatus, 'unreachable' | 'timeout'>;
  detection: Detection;
  promotion: Promotion | null;
  /** Member → first poll time at which its view had the new configuration. */
  adoptions: Record<string, number>;
  /** Nodes and clients expected to adopt (every member with a routing view at crash time). */
  members: string[];
  resolvedAt: number | null;
  resolution: 'adopted' | 'primary_returned' | null;
  /** True once nothing can change any more (resolved and every member adopted). */
  settled: boolean;
};

export type MemberInfo = {
  role: string | null;
  isClient: boolean;
  lastStatus: PollStatus;
  lastPolledAt: number;
};

export type StaleMember = {
  member: string;
  role: string | null;
  isClient: boolean;
  behindSince: number;
  /** How many partitions its view has on an older ballot than the newest seen. */
  partitionCount: number;
  partitions: number[];
  oldBallot: number;
  newBallot: number;
  /** Owners its stale view still sends requests to that are not answering now. */
  routesToDown: string[];
  /** Past staleConfigGrace: raised as failover.stale_config. */
  pastGrace: boolean;
};

export type FailoverState = {
  /** Append-only: indexes never change, so earlier states stay valid. */
  nodes: NodeIndex;
  /** Consensus before this cycle: the current primary and ballot of each partition. */
  primaries: Int32Array | null;
  ballots: Float64Array | null;
  /** Target → first failed poll (unreachable / timeout) of its current outage. */
  down: Map<string, number>;
  members: Map<string, MemberInfo>;
  incidents: FailoverIncident[];
  behindSince: Map<string, number>;
  stale: StaleMember[];
  staleConfigGraceMs: number;
  lastCycleAt: number | null;
};

export const failoverAnalyzer: Analyzer<FailoverState> = {
  name: 'failover',
  initial: () => ({
    nodes: new NodeIndex(),
    primaries: null,
    ballots: null,
    down: new Map(),
    members: new Map(),
    incidents: [],
    behindSince: new Map(),
    stale: [],
    staleConfigGraceMs: 10_000,
    lastCycleAt: null,
  }),
  step(state, input) {
    return stepFailover(state, input);
  },
};

function isLost(status: PollStatus): status is 'unreachable' | 'timeout' {
  return status === 'unreachable' || status === 'timeout';
}

/** Whether a view shows partition `p` moved on from the old primary (new owner and, when ballots exist, a higher one). */
function movedOn(table: OwnerTable, p: number, oldPrimary: number, oldBallot: number | null): boolean {
  if (p >= table.owners.length) return false;
  const owner = table.owners[p];
  if (owner === UNOWNED || owner === oldPrimary) return false;
  if (oldBallot === null) return true;
  const ballot = table.ballots[p];
  return Number.isNaN(ballot) || ballot > oldBallot;
}

function adoptedAll(table: OwnerTable, incident: FailoverIncident, oldPrimary: number): boolean {
  for (let i = 0; i < incident.partitions.length; i++) {
    if (!movedOn(table, incident.partitions[i], oldPrimary, incident.oldBallots[i])) return false;
  }
  return true;
}

function stepIncident(
  previous: FailoverIncident,
  tables: readonly OwnerTable[],
  reports: CycleInput['reports'],
  nodes: NodeIndex,
  now: number,
): FailoverIncident {
  // `adoptions` stays shared with `previous` until a member adopts (copied then, below).
  const incident: FailoverIncident = { ...previous };
  const oldIndex = nodes.of(incident.oldPrimary);
  const nodeTables = tables.filter((table) => !table.isClient && table.member !== incident.oldPrimary);

  if (incident.detection.by === null) {
    let first: Detection | null = null;
    for (const table of nodeTables) {
      const dropped = incident.partitions.some((p) => p < table.owners.length && table.owners[p] !== oldIndex);
      if (dropped && (first === null || table.fetchedAt < first.at)) first = { at: table.fetchedAt, by: table.member };
    }
    if (first) incident.detection = first;
  }

  if (incident.promotion === null) {
    const votes = new Map<number, number>();
    let at = Number.POSITIVE_INFINITY;
    let seenBy = '';
    let ballot: number | null = null;
    for (const table of nodeTables) {
      let moved = false;
      incident.partitions.forEach((p, i) => {
        if (!movedOn(table, p, oldIndex, incident.oldBallots[i])) return;
        moved = true;
        votes.set(table.owners[p], (votes.get(table.owners[p]) ?? 0) + 1);
        const b = table.ballots[p];
        if (!Number.isNaN(b)) ballot = ballot === null ? b : Math.max(ballot, b);
      });
      if (moved && table.fetchedAt < at) {
        at = table.fetchedAt;
        seenBy = table.member;
      }
    }
    if (votes.size > 0) {
      const newPrimaries = [...votes.entries()].sort((a, b) => b[1] - a[1]).map(([owner]) => nodes.name(owner) ?? '?');
      incident.promotion = { at, newPrimaries, ballot, seenBy };
    }
  }

  const oldPrimaryReport = reports.get(incident.oldPrimary);
  if (incident.promotion === null && incident.resolvedAt === null && oldPrimaryReport?.status === 'ok') {
    incident.resolvedAt = now;
    incident.resolution = 'primary_returned';
    incident.settled = true;
    return incident;
  }

  if (incident.promotion !== null) {
    for (const table of tables) {
      if (incident.adoptions[table.member] !== undefined || !incident.members.includes(table.member)) continue;
      if (!adoptedAll(table, incident, oldIndex)) continue;
      // Copied at the first new adoption only: an incident still waiting on a member that never adopts (one that
      // stayed down) copied its record of every member each cycle: 16 such incidents of 5,000 members were ~5 MB
      // of old-generation garbage a cycle.
      if (incident.adoptions === previous.adoptions) incident.adoptions = { ...previous.adoptions };
      incident.adoptions[table.member] = table.fetchedAt;
    }
    if (incident.resolvedAt === null) {
      // Resolved once every answering storage node (not clients, not the lost primary) has the new config.
      const answeringNodes = nodeTables.map((table) => table.member).filter((member) => incident.members.includes(member));
      if (answeringNodes.length > 0 && answeringNodes.every((member) => incident.adoptions[member] !== undefined)) {
        incident.resolvedAt = now;
        incident.resolution = 'adopted';
      }
    }
    if (incident.resolvedAt !== null && incident.members.every((member) => incident.adoptions[member] !== undefined)) {
      incident.settled = true;
    }
  }
  return incident;
}

/** The consensus primary per partition: the owner named with the highest ballot among answering storage nodes. */
function consensusOf(tables: readonly OwnerTable[], partitionCount: number, previous: FailoverState) {
  const primaries = new Int32Array(partitionCount).fill(UNOWNED);
  const ballots = new Float64Array(partitionCount).fill(Number.NaN);
  if (previous.primaries) primaries.set(previous.primaries.subarray(0, partitionCount));
  if (previous.ballots) ballots.set(previous.ballots.subarray(0, partitionCount));
  const seen = new Uint8Array(partitionCount);
  const done = new Set<Int32Array>();
  for (const table of tables) {
    // Equal tables shared by many reports add nothing after the first.
    if (table.isClient || done.has(table.owners)) continue;
    done.add(table.owners);
    for (let p = 0; p < partitionCount; p++) {
      const owner = table.owners[p];
      if (owner === UNOWNED) continue;
      const ballot = table.ballots[p];
      const better = !seen[p] || (!Number.isNaN(ballot) && (Number.isNaN(ballots[p]) || ballot > ballots[p]));
      if (better) {
        primaries[p] = owner;
        ballots[p] = ballot;
        seen[p] = 1;
      }
    }
  }
  return { primaries, ballots };
}

type Lag = { count: number; partitions: number[]; oldBallot: number; newBallot: number; routesToDown: string[] };

/** Where one table is on an older ballot than the newest seen, and which down owners it still names there. */
function lagOf(table: OwnerTable, newest: Float64Array, partitionCount: number, nodes: NodeIndex, down: ReadonlyMap<string, number>): Lag {
  const partitions: number[] = [];
  let count = 0;
  let oldBallot = Number.POSITIVE_INFINITY;
  let newBallot = Number.NEGATIVE_INFINITY;
  const routesToDown = new Set<string>();
  for (let p = 0; p < partitionCount; p++) {
    const ballot = table.ballots[p];
    if (!(ballot < newest[p])) continue;
    count++;
    if (partitions.length < FAILOVER_EVIDENCE_CAP) partitions.push(p);
    oldBallot = Math.min(oldBallot, ballot);
    newBallot = Math.max(newBallot, newest[p]);
    const owner = nodes.name(table.owners[p]);
    if (owner !== null && down.has(owner)) routesToDown.add(owner);
  }
  return { count, partitions, oldBallot, newBallot, routesToDown: [...routesToDown].sort() };
}

function staleMembersOf(
  tables: readonly OwnerTable[],
  partitionCount: number,
  previous: FailoverState,
  members: ReadonlyMap<string, MemberInfo>,
  down: ReadonlyMap<string, number>,
  nodes: NodeIndex,
  now: number,
  grace: number,
): { stale: StaleMember[]; behindSince: Map<string, number> } {
  const newest = new Float64Array(partitionCount).fill(Number.NaN);
  for (const ballotsOf of new Set(tables.map((table) => table.ballots))) {
    for (let p = 0; p < partitionCount; p++) {
      const ballot = ballotsOf[p];
      if (!Number.isNaN(ballot) && !(ballot <= newest[p])) newest[p] = ballot;
    }
  }
  const behindSince = new Map<string, number>();
  const stale: StaleMember[] = [];
  // Equal tables shared by many reports lag the same way: work it out once.
  const lagByTable = new Map<Int32Array, Lag>();
  for (const table of tables) {
    let lag = lagByTable.get(table.owners);
    if (!lag) {
      lag = lagOf(table, newest, partitionCount, nodes, down);
      lagByTable.set(table.owners, lag);
    }
    const { count, partitions, oldBallot, newBallot, routesToDown } = lag;
    if (count === 0) continue;
    const since = previous.behindSince.get(table.member) ?? now;
    behindSince.set(table.member, since);
    const info = members.get(table.member);
    stale.push({
      member: table.member,
      role: info?.role ?? null,
      isClient: table.isClient,
      behindSince: since,
      partitionCount: count,
      partitions,
      oldBallot,
      newBallot,
      routesToDown,
      pastGrace: now - since > grace,
    });
  }
  return { stale, behindSince };
}

function durationText(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

function primaryLostCondition(incident: FailoverIncident, now: number, members: ReadonlyMap<string, MemberInfo>): Condition {
  const ranges = formatPartitionRanges(incident.partitions);
  const pending = incident.members.filter((member) => incident.adoptions[member] === undefined && member !== incident.oldPrimary);
  // A member whose view cannot be read now cannot be seen adopting: named apart, so "waiting for" lists only members that could.
  const waiting = pending.filter((member) => members.get(member)?.lastStatus === 'ok');
  const unreadable = pending.filter((member) => members.get(member)?.lastStatus !== 'ok');
  const unreadableText = unreadable.length > 0 ? `; ${namesText(unreadable)} not answering (or unreadable), so not known` : '';
  const summary = incident.promotion
    ? `Primary ${incident.oldPrimary} of partition(s) ${ranges} is ${incident.crashStatus}; ${incident.promotion.newPrimaries.join(', ')} promoted` +
      `${incident.promotion.ballot !== null ? ` at ballot ${incident.promotion.ballot}` : ''}, ` +
      `${waiting.length > 0 ? `not yet adopted by ${namesText(waiting)}` : 'adopted by every member answering'}${unreadableText}`
    : `Primary ${incident.oldPrimary} of partition(s) ${ranges} is ${incident.crashStatus} for ${durationText(now - incident.crashAt)}; no new primary seen`;
  return {
    kind: 'failover.primary_lost',
    severity: 'critical',
    subject: { type: 'partition', id: ranges, node: incident.oldPrimary },
    summary,
    since: incident.crashAt,
    evidence: {
      incident: incident.id,
      oldPrimary: incident.oldPrimary,
      partitionCount: incident.partitions.length,
      partitions: incident.partitions.slice(0, FAILOVER_EVIDENCE_CAP),
      oldBallot: incident.oldBallot,
      crashAt: iso(incident.crashAt),
      detectedAt: iso(incident.detection.at),
      detectedBy: incident.detection.by ?? 'dashboard poll',
      promotedAt: incident.promotion ? iso(incident.promotion.at) : null,
      newPrimary: incident.promotion ? incident.promotion.newPrimaries.join(', ') : null,
      newBallot: incident.promotion?.ballot ?? null,
      adopted: namesText(Object.keys(incident.adoptions)),
      waitingFor: namesText(waiting),
      notAnswering: namesText(unreadable),
    },
  };
}

/** At most 20 names, then "+N more": a 1,000-node cluster stays readable. */
function namesText(names: readonly string[]): string {
  return names.length > 20 ? `${names.slice(0, 20).join(', ')} +${names.length - 20} more` : names.join(', ');
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

function staleConfigCondition(member: StaleMember, now: number): Condition {
  const who = member.isClient ? `Client ${member.member}` : `${member.member}`;
  const dead = member.routesToDown.length > 0 ? `; it still routes to ${member.routesToDown.join(', ')}, which is not answering` : '';
  return {
    kind: 'failover.stale_config',
    severity: member.routesToDown.length > 0 ? 'critical' : 'warning',
    subject: { type: 'node', id: member.member, node: member.member },
    summary: `${who} has been on ballot ${member.oldBallot} (newest ${member.newBallot}) for ${durationText(now - member.behindSince)} on ${member.partitionCount} partition(s)${dead}`,
    since: member.behindSince,
    evidence: {
      member: member.member,
      role: member.role,
      behindForMs: now - member.behindSince,
      behindSince: iso(member.behindSince),
      oldBallot: member.oldBallot,
      newBallot: member.newBallot,
      partitionCount: member.partitionCount,
      partitions: member.partitions,
      routesToDown: member.routesToDown.join(', '),
    },
  };
}

type LostStatus = Extract<PollStatus, 'unreachable' | 'timeout'>;

/** A new incident for every partition whose primary is `lost`, or null when it leads none. */
function openIncident(
  lost: string,
  crashAt: number,
  crashStatus: LostStatus,
  primaries: Int32Array,
  ballots: Float64Array | null,
  nodes: NodeIndex,
  members: ReadonlyMap<string, MemberInfo>,
): FailoverIncident | null {
  const index = nodes.of(lost);
  const partitions: number[] = [];
  const oldBallots: (number | null)[] = [];
  for (let p = 0; p < primaries.length; p++) {
    if (primaries[p] !== index) continue;
    partitions.push(p);
    const ballot = ballots?.[p];
    oldBallots.push(ballot === undefined || Number.isNaN(ballot) ? null : ballot);
  }
  if (partitions.length === 0) return null;
  const known = oldBallots.filter((ballot): ballot is number => ballot !== null);
  return {
    id: `${lost}@${crashAt}`,
    oldPrimary: lost,
    partitions,
    oldBallots,
    oldBallot: known.length ? Math.max(...known) : null,
    crashAt,
    crashStatus,
    detection: { at: crashAt, by: null },
    promotion: null,
    adoptions: {},
    members: [...members.keys()].filter((member) => member !== lost).concat(lost),
    resolvedAt: null,
    resolution: null,
    settled: false,
  };
}

export function stepFailover(state: FailoverState, input: CycleInput): { state: FailoverState; conditions: Condition[] } {
  const { now } = input;
  const grace = input.config.staleConfigGrace;
  const nodes = state.nodes;

  const members = new Map(state.members);
  const down = new Map(state.down);
  const okWithRouting: NodeReport[] = [];
  const lostNow: NodeReport[] = [];
  for (const report of input.reports.values()) {
    const known = members.get(report.targetId);
    if (report.status === 'ok') {
      down.delete(report.targetId);
      if (report.routing) {
        okWithRouting.push(report);
        members.set(report.targetId, {
          role: report.node?.role ?? known?.role ?? null,
          isClient: isClientReport(report),
          lastStatus: 'ok',
          lastPolledAt: report.fetchedAt,
        });
      } else if (known) {
        members.set(report.targetId, { ...known, lastStatus: 'ok', lastPolledAt: report.fetchedAt });
      }
      continue;
    }
    if (known) members.set(report.targetId, { ...known, lastStatus: report.status, lastPolledAt: report.fetchedAt });
    if (isLost(report.status) && !notAsked(report) && !down.has(report.targetId)) {
      down.set(report.targetId, report.fetchedAt);
      lostNow.push(report);
    }
  }

  let partitionCount = state.primaries?.length ?? 0;
  for (const report of okWithRouting) partitionCount = Math.max(partitionCount, report.routing?.partitionCount ?? 0);
  const cache: OwnerArrayCache = new Map();
  const tables = okWithRouting.map((report) => ownerTableOf(report, report.routing!, nodes, partitionCount, cache));

  let incidents = [...state.incidents];
  const openFor = (member: string) => incidents.some((incident) => incident.oldPrimary === member && incident.resolvedAt === null);
  // A primary that just stopped answering opens one incident for all the partitions it led.
  for (const report of lostNow) {
    if (!state.primaries || openFor(report.targetId)) continue;
    const incident = openIncident(report.targetId, report.fetchedAt, report.status as LostStatus, state.primaries, state.ballots, nodes, members);
    if (incident) incidents.push(incident);
  }
  incidents = incidents
    .map((incident) => (incident.settled ? incident : stepIncident(incident, tables, input.reports, nodes, now)))
    .slice(-INCIDENT_LIMIT);

  const { primaries, ballots } = consensusOf(tables, partitionCount, state);
  // A node that is down but that the answering nodes still (or newly) name as primary is lost too:
  // e.g. it was made primary just before it went down, so no earlier poll showed it leading.
  const leaders = new Set(primaries);
  for (const [member, downSince] of down) {
    if (!leaders.has(nodes.of(member)) || openFor(member)) continue;
    const status = members.get(member)?.lastStatus;
    if (status !== 'unreachable' && status !== 'timeout') continue;
    const incident = openIncident(member, downSince, status, primaries, ballots, nodes, members);
    if (incident) incidents = [...incidents, incident].slice(-INCIDENT_LIMIT);
  }
  const { stale, behindSince } = staleMembersOf(tables, partitionCount, state, members, down, nodes, now, grace);

  const conditions: Condition[] = [];
  for (const incident of incidents) if (incident.resolvedAt === null) conditions.push(primaryLostCondition(incident, now, members));
  for (const member of stale) if (member.pastGrace) conditions.push(staleConfigCondition(member, now));

  return {
    state: {
      nodes,
      primaries,
      ballots,
      down,
      members,
      incidents,
      behindSince,
      stale,
      staleConfigGraceMs: grace,
      lastCycleAt: now,
    },
    conditions,
  };
}

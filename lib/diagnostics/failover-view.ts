import type { PollStatus } from '@/lib/contract/report';
import type { FailoverIncident, FailoverState, StaleMember } from './failover';
import { formatPartitionRanges } from './routing-table';

/** What GET /api/failover answers: incidents as timelines, plus every member on an old ballot now. */

export type FailoverEventType = 'crash' | 'detection' | 'promotion' | 'adoption';

export type FailoverEvent = {
  type: FailoverEventType;
  at: number;
  /** Who it happened to or who saw it; null for a detection only the dashboard's poll saw. */
  member: string | null;
  detail: string;
};

export type MemberAdoptionState = 'adopted' | 'waiting' | 'stale' | 'down' | 'lost_primary';

export type IncidentMember = {
  id: string;
  role: string | null;
  isClient: boolean;
  state: MemberAdoptionState;
  adoptedAt: number | null;
  /** Time since the promotion for a member that has not adopted yet; null otherwise. */
  staleForMs: number | null;
  lastStatus: PollStatus | 'unknown';
};

export type FailoverIncidentView = {
  id: string;
  status: 'active' | 'resolved';
  oldPrimary: string;
  newPrimaries: string[];
  partitionCount: number;
  partitionRanges: string;
  oldBallot: number | null;
  newBallot: number | null;
  crashAt: number;
  crashStatus: FailoverIncident['crashStatus'];
  detection: FailoverIncident['detection'];
  promotionAt: number | null;
  resolvedAt: number | null;
  resolution: FailoverIncident['resolution'];
  events: FailoverEvent[];
  durations: {
    /** Crash → first view without the old primary (0 when only the dashboard saw it). */
    toDetectMs: number;
    /** Detection → new primary with a higher ballot seen. */
    toElectMs: number | null;
    /** Promotion → the last node or client adopted (null while any is missing). */
    toFullAdoptionMs: number | null;
    /** Crash → full adoption. */
    totalMs: number | null;
  };
  /**
   * The members that need a look first, at most INCIDENT_MEMBERS_SHOWN of them
   * (a 5,000-node incident would otherwise carry 5,000 rows to every browser);
   * `memberCount` and `memberStates` count them all.
   */
  members: IncidentMember[];
  memberCount: number;
  memberStates: Record<MemberAdoptionState, number>;
  /** Members past the grace period on the old ballot, the first INCIDENT_MEMBERS_SHOWN (all counted in `memberStates.stale`). */
  stillStale: string[];
};

/** Members an incident's answer names; the rest are counted by state. */
export const INCIDENT_MEMBERS_SHOWN = 50;

/** Which members are named first when not all fit: the lost primary, then the ones still missing the new configuration. */
const ATTENTION: Record<MemberAdoptionState, number> = { lost_primary: 0, stale: 1, waiting: 2, down: 3, adopted: 4 };

/** The members to name, in order of attention (the new primary right after the lost one), cluster order within a state. */
function membersToShow(members: readonly IncidentMember[], newPrimary: string | null): IncidentMember[] {
  const rank = (member: IncidentMember) => (member.id === newPrimary ? 0.5 : ATTENTION[member.state]);
  return members
    .map((member, index) => ({ member, index }))
    .sort((a, b) => rank(a.member) - rank(b.member) || a.index - b.index)
    .slice(0, INCIDENT_MEMBERS_SHOWN)
    .map(({ member }) => member);
}

function countStates(members: readonly IncidentMember[]): Record<MemberAdoptionState, number> {
  const counts: Record<MemberAdoptionState, number> = { lost_primary: 0, stale: 0, waiting: 0, down: 0, adopted: 0 };
  for (const member of members) counts[member.state] += 1;
  return counts;
}

export type FailoverView = {
  generatedAt: number;
  staleConfigGraceMs: number;
  incidents: FailoverIncidentView[];
  /** Every member whose view is on an older ballot than the newest right now, incidents or not. */
  staleMembers: (StaleMember & { behindForMs: number })[];
};

export type FailoverViewParams = { status: 'active' | 'all' };

function memberState(state: FailoverState, incident: FailoverIncident, member: string, now: number): MemberAdoptionState {
  if (incident.adoptions[member] !== undefined) return 'adopted';
  if (member === incident.oldPrimary) return 'lost_primary';
  if (state.down.has(member)) return 'down';
  if (incident.promotion === null || incident.resolution === 'primary_returned') return 'waiting';
  return now - incident.promotion.at > state.staleConfigGraceMs ? 'stale' : 'waiting';
}

export function incidentView(state: FailoverState, incident: FailoverIncident, now: number): FailoverIncidentView {
  const members: IncidentMember[] = incident.members.map((id) => {
    const info = state.members.get(id);
    const memberStateNow = memberState(state, incident, id, now);
    const adoptedAt = incident.adoptions[id] ?? null;
    return {
      id,
      role: info?.role ?? null,
      isClient: info?.isClient ?? false,
      state: memberStateNow,
      adoptedAt,
      staleForMs: adoptedAt === null && incident.promotion && incident.resolution !== 'primary_returned' ? now - incident.promotion.at : null,
      lastStatus: info?.lastStatus ?? 'unknown',
    };
  });

  const events: FailoverEvent[] = [
    { type: 'crash', at: incident.crashAt, member: incident.oldPrimary, detail: `${incident.oldPrimary} ${incident.crashStatus}` },
    {
      type: 'detection',
      at: incident.detection.at,
      member: incident.detection.by,
      detail: incident.detection.by ? `${incident.detection.by} no longer names ${incident.oldPrimary}` : 'seen by the dashboard poll only',
    },
  ];
  if (incident.promotion) {
    const ballot = incident.promotion.ballot !== null ? ` at ballot ${incident.promotion.ballot}` : '';
    events.push({
      type: 'promotion',
      at: incident.promotion.at,
      member: incident.promotion.newPrimaries[0] ?? null,
      detail: `${incident.promotion.newPrimaries.join(', ')} promoted${ballot} (seen by ${incident.promotion.seenBy})`,
    });
  }
  const memberStates = countStates(members);
  const shown = membersToShow(members, incident.promotion?.newPrimaries[0] ?? null);
  const shownIds = new Set(shown.map((member) => member.id));
  // Adoptions of the members named only: the timeline draws no others, and durations count them all.
  const adoptions = incident.members
    .filter((id) => incident.adoptions[id] !== undefined && shownIds.has(id))
    .map((id) => ({ type: 'adoption' as const, at: incident.adoptions[id], member: id, detail: `${id} adopted the new configuration` }))
    .sort((a, b) => a.at - b.at);
  events.push(...adoptions);

  // Full adoption asks every member except a lost primary that has not come back.
  const expected = incident.members.filter((id) => id !== incident.oldPrimary || incident.adoptions[id] !== undefined);
  const allAdopted = incident.promotion !== null && expected.every((id) => incident.adoptions[id] !== undefined);
  const lastAdoption = allAdopted ? Math.max(...expected.map((id) => incident.adoptions[id])) : null;
  const promotionAt = incident.promotion?.at ?? null;

  return {
    id: incident.id,
    // Active until every reachable member has the new configuration (or the old primary came back).
    status: incident.resolvedAt === null || memberStates.stale + memberStates.waiting > 0 ? 'active' : 'resolved',
    oldPrimary: incident.oldPrimary,
    newPrimaries: incident.promotion?.newPrimaries ?? [],
    partitionCount: incident.partitions.length,
    partitionRanges: formatPartitionRanges(incident.partitions, 8),
    oldBallot: incident.oldBallot,
    newBallot: incident.promotion?.ballot ?? null,
    crashAt: incident.crashAt,
    crashStatus: incident.crashStatus,
    detection: incident.detection,
    promotionAt,
    resolvedAt: incident.resolvedAt,
    resolution: incident.resolution,
    events,
    durations: {
      toDetectMs: incident.detection.at - incident.crashAt,
      toElectMs: promotionAt === null ? null : promotionAt - incident.detection.at,
      toFullAdoptionMs: lastAdoption === null || promotionAt === null ? null : lastAdoption - promotionAt,
      totalMs: lastAdoption === null ? null : lastAdoption - incident.crashAt,
    },
    members: shown,
    memberCount: members.length,
    memberStates,
    stillStale: shown.filter((member) => member.state === 'stale').map((member) => member.id),
  };
}

export function buildFailoverView(state: FailoverState, now: number, params: FailoverViewParams): FailoverView {
  const incidents = state.incidents
    .map((incident) => incidentView(state, incident, now))
    .filter((incident) => params.status === 'all' || incident.status === 'active')
    .reverse();
  return {
    generatedAt: now,
    staleConfigGraceMs: state.staleConfigGraceMs,
    incidents,
    staleMembers: state.stale.map((member) => ({ ...member, behindForMs: now - member.behindSince })),
  };
}

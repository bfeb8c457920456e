import type { FailoverEventType, FailoverIncidentView, IncidentMember } from '@/lib/diagnostics/failover-view';

/** Rows of an incident timeline: the lost primary, the new primary, other nodes, then clients. */
export type TimelineRow = {
  id: string;
  index: number;
  member: IncidentMember | null;
  /** Open bar: waiting for the new config, from the promotion (or the crash) to adoption or now. */
  bar: { from: number; to: number; open: boolean; tone: 'stale' | 'waiting' | 'adopted' | 'lost' } | null;
};

export type TimelineMarker = { type: FailoverEventType; at: number; row: number; member: string | null; detail: string };

/** Detection markers sit just above their row's line, so an adoption at the same moment stays visible. */
export const DETECTION_OFFSET = -0.3;

/** Rows drawn at most; past it, members that adopted are folded first, then the rest in the answer's order of attention. */
export const TIMELINE_ROW_LIMIT = 40;

export function timelineRows(incident: FailoverIncidentView, now: number): TimelineRow[] {
  const newPrimary = incident.newPrimaries[0] ?? null;
  const rank = (member: IncidentMember) =>
    member.id === incident.oldPrimary ? 0 : member.id === newPrimary ? 1 : member.isClient ? 3 : 2;
  // In a big cluster draw the members that have not adopted first (the answer lists them by attention), then adopted ones up to the limit.
  const keep = (member: IncidentMember) => member.state !== 'adopted' || member.id === newPrimary || member.id === incident.oldPrimary;
  const extraRow = newPrimary !== null && !incident.members.some((member) => member.id === newPrimary) ? 1 : 0;
  const room = TIMELINE_ROW_LIMIT - extraRow;
  const important = incident.members.filter(keep).slice(0, room);
  const adopted = incident.members.filter((member) => !keep(member));
  const chosen = [...important, ...adopted.slice(0, Math.max(0, room - important.length))];
  const members = chosen.sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  const rows: TimelineRow[] = members.map((member, index) => ({ id: member.id, index, member, bar: barFor(incident, member, now) }));
  if (newPrimary !== null && !rows.some((row) => row.id === newPrimary)) {
    rows.splice(1, 0, { id: newPrimary, index: 1, member: null, bar: null });
    rows.forEach((row, index) => (row.index = index));
  }
  return rows;
}

function barFor(incident: FailoverIncidentView, member: IncidentMember, now: number): TimelineRow['bar'] {
  if (member.id === incident.oldPrimary && member.adoptedAt === null) {
    // The lost primary: down from the crash for as long as it does not answer.
    const down = member.lastStatus !== 'ok';
    return { from: incident.crashAt, to: down ? now : (incident.resolvedAt ?? now), open: down, tone: 'lost' };
  }
  if (incident.promotionAt === null) return null;
  if (member.adoptedAt !== null) {
    return member.adoptedAt > incident.promotionAt ? { from: incident.promotionAt, to: member.adoptedAt, open: false, tone: 'adopted' } : null;
  }
  if (incident.resolution === 'primary_returned') return null;
  return { from: incident.promotionAt, to: now, open: true, tone: member.state === 'stale' ? 'stale' : 'waiting' };
}

export function timelineMarkers(incident: FailoverIncidentView, rows: readonly TimelineRow[]): TimelineMarker[] {
  const rowOf = new Map(rows.map((row) => [row.id, row.index]));
  const oldRow = rowOf.get(incident.oldPrimary) ?? 0;
  return incident.events.flatMap((event) => {
    const memberRow = event.member !== null ? rowOf.get(event.member) : undefined;
    // An adoption by a member folded off the chart is not drawn (the table has it).
    if (event.type === 'adoption' && memberRow === undefined) return [];
    // A detection only the dashboard saw, and the crash, sit on the lost primary's row.
    const row = (memberRow ?? oldRow) + (event.type === 'detection' ? DETECTION_OFFSET : 0);
    return [{ type: event.type, at: event.at, row, member: event.member, detail: event.detail }];
  });
}

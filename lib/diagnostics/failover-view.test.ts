import { describe, expect, it } from 'vitest';
import { failoverAnalyzer, type FailoverIncident, type FailoverState } from './failover';
import { INCIDENT_MEMBERS_SHOWN, incidentView } from './failover-view';

/** A 5,000-node cluster whose primary n0 was lost: n1 promoted, n1…n99 adopted, c7 stale past grace, the rest down. */
function bigIncident(): { state: FailoverState; incident: FailoverIncident } {
  const ids = Array.from({ length: 5000 }, (_, i) => `n${i}`);
  const state = failoverAnalyzer.initial();
  const adoptions: Record<string, number> = {};
  for (let i = 1; i < 100; i++) adoptions[`n${i}`] = 10_000 + i;
  for (const id of ids) state.members.set(id, { role: 'replica', isClient: false, lastStatus: adoptions[id] !== undefined ? 'ok' : 'unreachable', lastPolledAt: 0 });
  state.members.set('c7', { role: 'client', isClient: true, lastStatus: 'ok', lastPolledAt: 0 });
  for (const id of ids) if (adoptions[id] === undefined) state.down.set(id, 1000);
  const incident: FailoverIncident = {
    id: 'n0@1000',
    oldPrimary: 'n0',
    partitions: [0],
    oldBallots: [3],
    oldBallot: 3,
    crashAt: 1000,
    crashStatus: 'unreachable',
    detection: { at: 2000, by: null },
    promotion: { at: 10_000, ballot: 4, newPrimaries: ['n1'], seenBy: 'n1' },
    adoptions,
    members: [...ids, 'c7'],
    resolvedAt: null,
    resolution: null,
    settled: false,
  };
  return { state, incident };
}

describe('incident view of a big cluster', () => {
  it('names at most INCIDENT_MEMBERS_SHOWN members, those that need a look first, and counts them all by state', () => {
    const { state, incident } = bigIncident();
    const view = incidentView(state, incident, 60_000);
    expect(view.members).toHaveLength(INCIDENT_MEMBERS_SHOWN);
    expect(view.members.slice(0, 3).map((member) => [member.id, member.state])).toEqual([
      ['n0', 'lost_primary'],
      ['n1', 'adopted'],
      ['c7', 'stale'],
    ]);
    expect(view.members.slice(3).every((member) => member.state === 'down')).toBe(true);
    expect(view.memberCount).toBe(5001);
    expect(view.memberStates).toEqual({ lost_primary: 1, stale: 1, waiting: 0, down: 4900, adopted: 99 });
    expect(view.stillStale).toEqual(['c7']);
    // Adoption events only of the members named (the new primary's), durations from them all.
    expect(view.events.filter((event) => event.type === 'adoption').map((event) => event.member)).toEqual(['n1']);
    expect(view.status).toBe('active');
  });
});

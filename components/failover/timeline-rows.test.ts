import { describe, expect, it } from 'vitest';
import type { FailoverIncidentView } from '@/lib/diagnostics/failover-view';
import { DETECTION_OFFSET, timelineMarkers, timelineRows } from './timeline-rows';

const member = (id: string, state: FailoverIncidentView['members'][number]['state'], adoptedAt: number | null, extra: Partial<FailoverIncidentView['members'][number]> = {}) => ({
  id,
  role: 'primary',
  isClient: false,
  state,
  adoptedAt,
  staleForMs: adoptedAt === null ? 20_000 : null,
  lastStatus: 'ok' as const,
  ...extra,
});

const incident: FailoverIncidentView = {
  id: 'n2@1000',
  status: 'active',
  oldPrimary: 'n2',
  newPrimaries: ['n5'],
  partitionCount: 2,
  partitionRanges: '1, 7',
  oldBallot: 3,
  newBallot: 4,
  crashAt: 1000,
  crashStatus: 'unreachable',
  detection: { at: 5000, by: 'n1' },
  promotionAt: 5000,
  resolvedAt: 8000,
  resolution: 'adopted',
  events: [
    { type: 'crash', at: 1000, member: 'n2', detail: '' },
    { type: 'detection', at: 5000, member: 'n1', detail: '' },
    { type: 'promotion', at: 5000, member: 'n5', detail: '' },
    { type: 'adoption', at: 5000, member: 'n1', detail: '' },
    { type: 'adoption', at: 7000, member: 'n5', detail: '' },
  ],
  durations: { toDetectMs: 4000, toElectMs: 0, toFullAdoptionMs: null, totalMs: null },
  members: [
    member('c1', 'stale', null, { isClient: true, role: 'client' }),
    member('n1', 'adopted', 5000),
    member('n5', 'adopted', 7000),
    member('n2', 'lost_primary', null, { lastStatus: 'unreachable' }),
  ],
  memberCount: 4,
  memberStates: { lost_primary: 1, stale: 1, waiting: 0, down: 0, adopted: 2 },
  stillStale: ['c1'],
};

describe('timeline rows', () => {
  it('orders lost primary, new primary, nodes, clients; a stale client stays open to now', () => {
    const rows = timelineRows(incident, 25_000);
    expect(rows.map((row) => row.id)).toEqual(['n2', 'n5', 'n1', 'c1']);
    expect(rows[0].bar).toEqual({ from: 1000, to: 25_000, open: true, tone: 'lost' });
    expect(rows[1].bar).toEqual({ from: 5000, to: 7000, open: false, tone: 'adopted' });
    expect(rows[2].bar).toBeNull();
    expect(rows[3].bar).toEqual({ from: 5000, to: 25_000, open: true, tone: 'stale' });
  });

  it('puts each marker on its member row', () => {
    const rows = timelineRows(incident, 25_000);
    const markers = timelineMarkers(incident, rows);
    expect(markers.map((marker) => [marker.type, marker.row])).toEqual([
      ['crash', 0],
      ['detection', 2 + DETECTION_OFFSET],
      ['promotion', 1],
      ['adoption', 2],
      ['adoption', 1],
    ]);
  });

  it('folds adopted members past the row limit, never one still waiting', () => {
    const many = {
      ...incident,
      members: [
        ...Array.from({ length: 60 }, (_, i) => member(`a${String(i).padStart(2, '0')}`, 'adopted' as const, 6000)),
        member('c1', 'stale', null, { isClient: true }),
        member('n2', 'lost_primary', null, { lastStatus: 'unreachable' }),
      ],
    };
    const rows = timelineRows(many, 25_000);
    expect(rows).toHaveLength(40);
    expect(rows.map((row) => row.id)).toContain('c1');
    expect(rows[0].id).toBe('n2');
    expect(timelineMarkers(many, rows).every((marker) => marker.row >= -1 && marker.row < 40)).toBe(true);
  });

  it('draws at most the row limit when thousands of members have not adopted (a whole-cluster outage)', () => {
    const outage = {
      ...incident,
      members: [
        member('n2', 'lost_primary', null, { lastStatus: 'unreachable' }),
        ...Array.from({ length: 49 }, (_, i) => member(`d${String(i).padStart(2, '0')}`, 'down' as const, null, { lastStatus: 'unreachable' })),
      ],
    };
    const rows = timelineRows(outage, 25_000);
    expect(rows).toHaveLength(40);
    expect(rows[0].id).toBe('n2');
    expect(rows[1].id).toBe('n5');
  });
});

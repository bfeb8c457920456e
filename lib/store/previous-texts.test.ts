import { describe, expect, it } from 'vitest';
import { blankLink, type NodeReport } from '@/lib/contract/report';
import { answeredReport, unansweredReport } from '@/lib/diagnostics/fixtures/reports';
import { reusePreviousTexts } from './previous-texts';

const node = (now: string) => ({ id: 'n1', cluster: 'c', role: 'primary', version: '1.2.3', startedAt: '2026-12-04T20:00:00.000Z', now });

function report(at: number, peers: Array<[string, string, number]>, linkState: 'in_sync' | 'full_sync'): NodeReport {
  return answeredReport('n1', at, node(new Date(at).toISOString()), {
    peers: {
      categories: ['best', 'responsive'],
      peers: peers.map(([id, category, score]) => ({ id, address: `127.0.0.1:${id.length + 22000}`, category, score, since: '2026-12-04T20:00:01.000Z' })),
      readErrors: [],
    },
    sync: { links: [{ ...blankLink('n1', 'n2'), state: linkState, reportedState: linkState === 'in_sync' ? 'connected' : 'syncing', lag: at }] },
  });
}

/** A structural copy that shares nothing with the original. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('reusePreviousTexts', () => {
  it('leaves every value of the new report as it was answered, and the previous report untouched', () => {
    const previous = report(1_000, [['p1', 'best', 0.5], ['p2', 'responsive', 0.1]], 'in_sync');
    // Reordered, recategorised, rescored, one peer new, the link's state changed.
    const next = report(6_000, [['p2', 'best', 0.7], ['p1', 'best', 0.4], ['p3', 'responsive', 0.2]], 'full_sync');
    const answered = copy(next);
    const before = copy(previous);
    reusePreviousTexts(next, previous);
    expect(next).toEqual(answered);
    expect(previous).toEqual(before);
  });

  it('keeps the answer whole when the previous report had other parts or none', () => {
    const next = report(6_000, [['p1', 'best', 0.4]], 'in_sync');
    const answered = copy(next);
    reusePreviousTexts(next, undefined);
    reusePreviousTexts(next, unansweredReport('n1', 1_000, 'timeout', { code: 'timeout', message: 'no answer within 2000 ms' }));
    reusePreviousTexts(next, answeredReport('n1', 1_000, node('2026-12-04T20:00:02.000Z')));
    expect(next).toEqual(answered);
  });

  it('does nothing to a failed poll', () => {
    const failed = unansweredReport('n1', 6_000, 'unreachable', { code: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:22000' });
    const answered = copy(failed);
    reusePreviousTexts(failed, report(1_000, [['p1', 'best', 0.4]], 'in_sync'));
    expect(failed).toEqual(answered);
  });
});

import { describe, expect, it } from 'vitest';
import { membersLeftOut } from './member-counts';

describe('members left out', () => {
  it('counts by state what the named members do not cover, with thousands separators', () => {
    const memberStates = { lost_primary: 1, stale: 2, waiting: 0, down: 4900, adopted: 99 };
    const named = [{ state: 'lost_primary' as const }, { state: 'stale' as const }, { state: 'down' as const }];
    expect(membersLeftOut({ memberStates }, named)).toBe('1 stale, 4,899 not answering, 99 adopted');
  });

  it('is empty when every member is named', () => {
    expect(membersLeftOut({ memberStates: { lost_primary: 1, stale: 0, waiting: 0, down: 0, adopted: 1 } }, [{ state: 'lost_primary' }, { state: 'adopted' }])).toBe('');
  });
});

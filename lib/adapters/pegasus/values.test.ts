import { describe, expect, it } from 'vitest';
import { ballotOf, intOf, primaryOf, replicaCountOf, secondariesOf } from './values';

describe('Pegasus string values', () => {
  it('reads integers only from their exact text', () => {
    expect(intOf('12')).toBe(12);
    expect(intOf(12)).toBeNull();
    expect(intOf('')).toBeNull();
    expect(intOf('12abc')).toBeNull();
    expect(intOf(' 12')).toBeNull();
  });

  it('treats invalid_ballot (-1) and garbage as unknown ballots', () => {
    expect(ballotOf('0')).toBe(0);
    expect(ballotOf('-1')).toBeNull();
    expect(ballotOf('x')).toBeNull();
  });

  it('reads "n/max", "-" primaries and bracketed secondaries', () => {
    expect(replicaCountOf('2/3')).toEqual({ count: 2, max: 3 });
    expect(replicaCountOf('2 of 3')).toBeNull();
    expect(primaryOf('-')).toEqual({ primary: null });
    expect(primaryOf('10.0.0.1:34801')).toEqual({ primary: '10.0.0.1:34801' });
    expect(primaryOf('')).toBeNull();
    expect(secondariesOf('[]')).toEqual([]);
    expect(secondariesOf('[10.0.0.1:34801,10.0.0.2:34801]')).toEqual(['10.0.0.1:34801', '10.0.0.2:34801']);
    expect(secondariesOf('[10.0.0.1:34801,junk]')).toBeNull();
  });
});

describe('member ids', () => {
  it('are valid target ids, IPv6 brackets dropped', async () => {
    const { memberId } = await import('./discover');
    expect(memberId('pg', 'meta', '[fd00::1]:34601')).toBe('pg.meta.fd00::1:34601');
    expect(memberId('pg', 'replica', '10.0.0.7:34801')).toBe('pg.replica.10.0.0.7:34801');
  });
});

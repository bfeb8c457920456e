import { describe, expect, it } from 'vitest';
import { canonicalQuery, conditionalJson, cycleVersion, etagOf, matchesIfNoneMatch } from './etag';

const version = cycleVersion(Date.parse('2026-05-01T10:00:00Z'), 42);

describe('etagOf', () => {
  it('changes with the cycle and with the query, and is weak', () => {
    const tag = etagOf(version, '/api/peers?node=a');
    expect(tag).toMatch(/^W\/".+"$/);
    expect(etagOf(version, '/api/peers?node=a')).toBe(tag);
    expect(etagOf(version, '/api/peers?node=b')).not.toBe(tag);
    expect(etagOf(cycleVersion(Date.parse('2026-05-01T10:00:00Z'), 43), '/api/peers?node=a')).not.toBe(tag);
    expect(etagOf(cycleVersion(Date.parse('2026-05-01T11:00:00Z'), 42), '/api/peers?node=a')).not.toBe(tag);
  });
});

describe('canonicalQuery', () => {
  it('orders parameters so the same query in another order shares an ETag', () => {
    expect(canonicalQuery(new URL('http://x/api?b=2&a=1&a=0'))).toBe(canonicalQuery(new URL('http://x/api?a=0&a=1&b=2')));
  });
});

describe('matchesIfNoneMatch', () => {
  const tag = etagOf(version, '/api/findings?');
  it('matches the same tag, weak or strong, alone or in a list, and *', () => {
    expect(matchesIfNoneMatch(tag, tag)).toBe(true);
    expect(matchesIfNoneMatch(tag.replace(/^W\//, ''), tag)).toBe(true);
    expect(matchesIfNoneMatch(`"other", ${tag}`, tag)).toBe(true);
    expect(matchesIfNoneMatch('*', tag)).toBe(true);
  });
  it('does not match another tag or no header', () => {
    expect(matchesIfNoneMatch('W/"something-else"', tag)).toBe(false);
    expect(matchesIfNoneMatch(null, tag)).toBe(false);
    expect(matchesIfNoneMatch('', tag)).toBe(false);
  });
});

describe('conditionalJson', () => {
  it('answers 200 with the body and an ETag, then 304 without a body to a request that has it', async () => {
    let builds = 0;
    const build = () => {
      builds += 1;
      return { findings: [1, 2, 3] };
    };
    const first = conditionalJson(new Request('http://127.0.0.1/api/findings?status=active'), version, build);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ findings: [1, 2, 3] });
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const again = conditionalJson(new Request('http://127.0.0.1/api/findings?status=active', { headers: { 'if-none-match': etag } }), version, build);
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    expect(builds).toBe(1);
  });

  it('answers 200 again once the cycle moved on or the query differs', () => {
    const first = conditionalJson(new Request('http://127.0.0.1/api/findings'), version, () => ({}));
    const etag = first.headers.get('etag')!;
    const nextCycle = conditionalJson(new Request('http://127.0.0.1/api/findings', { headers: { 'if-none-match': etag } }), cycleVersion(Date.parse('2026-05-01T10:00:00Z'), 43), () => ({}));
    expect(nextCycle.status).toBe(200);
    const otherQuery = conditionalJson(new Request('http://127.0.0.1/api/findings?status=resolved', { headers: { 'if-none-match': etag } }), version, () => ({}));
    expect(otherQuery.status).toBe(200);
  });
});

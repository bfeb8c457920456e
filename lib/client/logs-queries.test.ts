import { describe, expect, it } from 'vitest';
import { filterFromSearch, logsHref } from './logs-queries';

describe('log filter in the URL', () => {
  it('round-trips the known filters and ignores the rest', () => {
    const filter = { node: 'node-1', level: 'warn,error', q: 'slave <already>', since: '15m', class: 'persistent' as const, finding: 'sync.x:link::a->b' };
    const href = logsHref('prod-eu', filter);
    expect(href.startsWith('/clusters/prod-eu/logs?')).toBe(true);
    expect(filterFromSearch(new URL(href, 'http://127.0.0.1').searchParams)).toEqual(filter);
  });

  it('drops an unknown class and unknown keys', () => {
    expect(filterFromSearch(new URLSearchParams('class=sometimes&evil=1&node='))).toEqual({});
    expect(logsHref('prod-eu', {})).toBe('/clusters/prod-eu/logs');
  });
});

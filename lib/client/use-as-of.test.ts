import { describe, expect, it } from 'vitest';
import { viewHasHistory } from './use-as-of';

describe('which views can show a past moment', () => {
  it('overview, node pages, failover and compare can; the other views are live only', () => {
    for (const path of ['/clusters/a', '/clusters/a/', '/clusters/a/failover', '/clusters/a/nodes/node-2', '/clusters/a/compare']) expect(viewHasHistory(path), path).toBe(true);
    for (const path of ['/clusters/a/peers', '/clusters/a/sync', '/clusters/a/routing', '/clusters/a/logs', '/alerting']) expect(viewHasHistory(path), path).toBe(false);
  });
});

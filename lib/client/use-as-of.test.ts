import { describe, expect, it } from 'vitest';
import { viewHasHistory } from './use-as-of';

describe('which views can show a past moment', () => {
  it('every view of a cluster can; pages outside a cluster are live only', () => {
    for (const path of ['/clusters/a', '/clusters/a/', '/clusters/a/failover', '/clusters/a/nodes/node-2', '/clusters/a/compare', '/clusters/a/peers', '/clusters/a/sync', '/clusters/a/routing', '/clusters/a/logs']) {
      expect(viewHasHistory(path), path).toBe(true);
    }
    for (const path of ['/', '/alerting', '/storage', '/clustersx/a']) expect(viewHasHistory(path), path).toBe(false);
  });
});

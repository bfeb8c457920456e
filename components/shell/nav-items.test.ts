import { describe, expect, it } from 'vitest';
import { isCurrent, sameViewIn, viewPath } from './nav-items';

describe('isCurrent', () => {
  it('marks Overview current on the cluster page and on node pages', () => {
    expect(isCurrent('', '')).toBe(true);
    expect(isCurrent('', '/nodes/node-1')).toBe(true);
    expect(isCurrent('', '/peers')).toBe(false);
  });

  it('marks a view current on itself and its sub-pages only', () => {
    expect(isCurrent('/sync', '/sync')).toBe(true);
    expect(isCurrent('/sync', '/sync/link-1')).toBe(true);
    expect(isCurrent('/sync', '/syncx')).toBe(false);
  });
});

describe('viewPath', () => {
  it('takes the view out of a cluster page path', () => {
    expect(viewPath('/clusters/eu-1')).toBe('');
    expect(viewPath('/clusters/eu-1/')).toBe('');
    expect(viewPath('/clusters/eu-1/sync')).toBe('/sync');
    expect(viewPath('/clusters/eu-1/nodes/node-1')).toBe('/nodes/node-1');
    expect(viewPath('/')).toBeNull();
  });
});

describe('sameViewIn', () => {
  it('keeps the view when switching clusters, not its filters or node pages', () => {
    expect(sameViewIn('/sync', 'us-2')).toBe('/clusters/us-2/sync');
    expect(sameViewIn('/logs', 'us-2')).toBe('/clusters/us-2/logs');
    expect(sameViewIn('', 'us-2')).toBe('/clusters/us-2');
    expect(sameViewIn('/nodes/node-3', 'us-2')).toBe('/clusters/us-2');
    expect(sameViewIn(null, 'us-2')).toBe('/clusters/us-2');
  });
});

import { describe, expect, it } from 'vitest';
import { isCurrent } from './nav-items';

describe('isCurrent', () => {
  it('marks Overview current on / and on node pages', () => {
    expect(isCurrent('/', '/')).toBe(true);
    expect(isCurrent('/', '/nodes/node-1')).toBe(true);
    expect(isCurrent('/', '/peers')).toBe(false);
  });

  it('marks a view current on itself and its sub-pages only', () => {
    expect(isCurrent('/sync', '/sync')).toBe(true);
    expect(isCurrent('/sync', '/sync/link-1')).toBe(true);
    expect(isCurrent('/sync', '/syncx')).toBe(false);
  });
});

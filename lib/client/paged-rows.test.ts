import { describe, expect, it } from 'vitest';
import { pageOffsetsOf, rowAt } from './paged-rows';

describe('rows of a server-paged virtual table', () => {
  it('asks for each page the drawn rows touch, once, in order', () => {
    expect(pageOffsetsOf([], 100)).toEqual([]);
    expect(pageOffsetsOf([0, 1, 2, 30], 100)).toEqual([0]);
    expect(pageOffsetsOf([205, 190, 199, 200, 201], 100)).toEqual([100, 200]);
    expect(pageOffsetsOf([4999], 100)).toEqual([4900]);
  });

  it('finds a row in its page, and nothing where the page has not arrived', () => {
    const pages = new Map([
      [0, ['a', 'b']],
      [200, ['x']],
    ]);
    expect(rowAt(pages, 2, 1)).toBe('b');
    expect(rowAt(pages, 2, 2)).toBeUndefined();
    expect(rowAt(pages, 100, 200)).toBe('x');
    expect(rowAt(pages, 100, 201)).toBeUndefined();
  });
});

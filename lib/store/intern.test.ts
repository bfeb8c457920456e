import { describe, expect, it } from 'vitest';
import { intern, internList } from './intern';

describe('internList', () => {
  it('gives equal lists one shared frozen copy, whatever array they came in', () => {
    const first = internList(['connected']);
    const second = internList(JSON.parse('["connected"]') as string[]);
    expect(second).toBe(first);
    expect(first).toEqual(['connected']);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => (first as string[]).push('banned')).toThrow(TypeError);
  });

  it('keeps order: the same names in another order are another list', () => {
    expect(internList(['a', 'b'])).not.toBe(internList(['b', 'a']));
    expect(internList(['b', 'a'])).toEqual(['b', 'a']);
  });

  it('does not confuse names that join to the same text', () => {
    expect(internList(['a b'])).not.toBe(internList(['a', 'b']));
  });

  it('never shares a list whose names hold the separator with another list', () => {
    const joined = internList(['a\u0000b']);
    expect(internList(['a', 'b'])).toEqual(['a', 'b']);
    expect(joined).toEqual(['a\u0000b']);
    expect(internList(['a\u0000b'])).toEqual(['a\u0000b']);
  });

  it('shares one empty list', () => {
    expect(internList([])).toBe(internList([]));
    expect(internList([])).toEqual([]);
  });

  it('interns the names inside a list', () => {
    const name = intern('rescue');
    expect(internList(['rescue'])[0]).toBe(name);
  });
});

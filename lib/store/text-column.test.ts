import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextColumn } from './text-column';

describe('TextColumn', () => {
  it('reads back texts and nulls, unset slots as null', () => {
    const column = new TextColumn(4);
    column.set(0, 'connected');
    column.set(1, null);
    column.set(2, 'connected');
    expect([column.get(0), column.get(1), column.get(2), column.get(3)]).toEqual(['connected', null, 'connected', null]);
    expect(column.paletteSize).toBe(2);
  });

  it('stays within twice its length however many distinct texts pass through it', () => {
    const column = new TextColumn(60);
    for (let i = 0; i < 10_000; i += 1) column.set(i % 60, `reason ${i}`);
    expect(column.paletteSize).toBeLessThanOrEqual(2 * 61);
    // The newest i of each slot (i % 60 === slot).
    for (let slot = 0; slot < 60; slot += 1) expect(column.get(slot)).toBe(`reason ${slot < 40 ? 9_960 + slot : 9_900 + slot}`);
  });

  it('keeps what it holds when resized, past 32,767 slots too', () => {
    const column = new TextColumn(2);
    column.set(0, 'a');
    column.set(1, 'b');
    column.resize(40_000);
    column.set(39_999, 'c');
    expect([column.length, column.get(0), column.get(1), column.get(39_999), column.get(2)]).toEqual([40_000, 'a', 'b', 'c', null]);
  });

  it('reads back every text it was given (property)', () => {
    const text = fc.oneof(fc.constant(null), fc.constantFrom('ok', 'down', 'syncing'), fc.string({ maxLength: 4 }));
    const step = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), index: fc.nat(19), text }),
      fc.record({ kind: fc.constant('resize' as const), length: fc.integer({ min: 1, max: 20 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const column = new TextColumn(20);
        const model: (string | null)[] = new Array(20).fill(null);
        for (const s of steps) {
          if (s.kind === 'resize') {
            column.resize(s.length);
            model.length = s.length;
            model.fill(null, Math.min(model.length, s.length));
          } else if (s.index < model.length) {
            column.set(s.index, s.text);
            model[s.index] = s.text;
          }
        }
        expect(column.length).toBe(model.length);
        model.forEach((expected, index) => expect(column.get(index)).toBe(expected ?? null));
        expect(column.paletteSize).toBeLessThanOrEqual(Math.max(64, 2 * (model.length + 1)));
      }),
      { numRuns: 1_000 },
    );
  });
});

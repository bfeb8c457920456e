import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TimeColumn } from './time-column';

const NOW = Date.UTC(2026, 11, 5);
const DAY = 86_400_000;

describe('TimeColumn', () => {
  it('holds epoch milliseconds exactly in 4 bytes a slot', () => {
    const column = new TimeColumn(3);
    column.set(0, NOW);
    column.set(1, NOW + 5_000);
    column.set(2, NOW + 40 * DAY);
    expect([column.get(0), column.get(1), column.get(2)]).toEqual([NOW, NOW + 5_000, NOW + 40 * DAY]);
    expect(column.bytesPerSlot).toBe(4);
  });

  it('moves its base down for a time earlier than every time held', () => {
    const column = new TimeColumn(2);
    column.set(0, NOW);
    column.set(1, NOW - 60_000);
    expect([column.get(0), column.get(1)]).toEqual([NOW, NOW - 60_000]);
    expect(column.bytesPerSlot).toBe(4);
  });

  it('keeps a ring that runs for months narrow: only the span held counts', () => {
    const column = new TimeColumn(2);
    // Two slots overwritten in turn for 120 days, a sample every 10 days: the span held is never more than 10 days.
    for (let day = 0; day <= 120; day += 10) column.set((day / 10) % 2, NOW + day * DAY);
    expect(column.bytesPerSlot).toBe(4);
    expect([column.get(0), column.get(1)].sort()).toEqual([NOW + 110 * DAY, NOW + 120 * DAY].sort());
  });

  it('turns wide, exactly, for a span over 49 days held at once or a time that is not a whole millisecond', () => {
    const long = new TimeColumn(2);
    long.set(0, NOW);
    long.set(1, NOW + 50 * DAY);
    expect(long.bytesPerSlot).toBe(8);
    expect([long.get(0), long.get(1)]).toEqual([NOW, NOW + 50 * DAY]);

    const fractional = new TimeColumn(2);
    fractional.set(0, NOW);
    fractional.set(1, NOW + 0.25);
    expect(fractional.bytesPerSlot).toBe(8);
    expect([fractional.get(0), fractional.get(1)]).toEqual([NOW, NOW + 0.25]);
  });

  it('keeps what it holds when resized, narrow or wide', () => {
    for (const second of [NOW + 1, NOW + 0.5]) {
      const column = new TimeColumn(2);
      column.set(0, NOW);
      column.set(1, second);
      column.resize(4);
      column.set(3, NOW + 7);
      expect([column.length, column.get(0), column.get(1), column.get(3)]).toEqual([4, NOW, second, NOW + 7]);
    }
  });

  it('reads back every time it was given, whatever the order and size (property)', () => {
    const time = fc.oneof(
      fc.integer({ min: NOW - 100 * DAY, max: NOW + 100 * DAY }),
      fc.integer({ min: NOW - 10_000, max: NOW + 10_000 }),
      fc.double({ min: 0, max: 2 * NOW, noNaN: true }),
      fc.integer({ min: -1e15, max: 1e15 }),
    );
    const step = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), index: fc.nat(15), at: time }),
      fc.record({ kind: fc.constant('resize' as const), length: fc.integer({ min: 1, max: 16 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const column = new TimeColumn(16);
        const model = new Map<number, number>();
        let length = 16;
        for (const s of steps) {
          if (s.kind === 'resize') {
            column.resize(s.length);
            length = s.length;
            for (const index of [...model.keys()]) if (index >= length) model.delete(index);
          } else if (s.index < length) {
            column.set(s.index, s.at);
            model.set(s.index, s.at);
          }
        }
        expect(column.length).toBe(length);
        for (const [index, at] of model) expect(column.get(index)).toBe(at);
      }),
      { numRuns: 2_000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { diagnosticsConfigSchema } from '@/lib/config/schema';
import type { Condition } from '@/lib/contract/findings';
import { stepToEnd, type Analyzer, type AnalyzerResult } from '@/lib/diagnostics/types';
import { DiagnosticsEngine } from './engine';

const lagging: Condition = {
  kind: 'sync.lagging',
  severity: 'warning',
  subject: { type: 'link', id: 'a->b', node: 'a' },
  summary: 'a->b lags',
  evidence: {},
};

describe('DiagnosticsEngine', () => {
  it('an analyzer that fails for a cycle keeps its findings as they were (not resolved, not restarted)', () => {
    let fail = false;
    const flaky: Analyzer<number> = {
      name: 'flaky',
      initial: () => 0,
      step: (state) => {
        if (fail) throw new Error('bad input');
        return { state: state + 1, conditions: [lagging] };
      },
    };
    const errors: string[] = [];
    const engine = new DiagnosticsEngine([flaky], diagnosticsConfigSchema.parse(undefined));
    const cycle = (now: number) =>
      engine.evaluate({ now, pollIntervalMs: 1000, targetIds: [], reports: new Map(), lastOk: new Map() }, (name) => errors.push(name));
    cycle(1000);
    fail = true;
    cycle(2000);
    const { active, resolved } = engine.findings();
    expect(errors).toEqual(['flaky']);
    expect(resolved).toEqual([]);
    expect(active).toEqual([expect.objectContaining({ kind: 'sync.lagging', firstSeen: 1000, lastSeen: 2000 })]);
    expect(engine.stateOf(flaky)).toBe(1);
  });

  it('judged in slices: between slices readers see the last cycle whole; the new states and findings appear together', async () => {
    const counter = (name: string): Analyzer<number> => ({
      name,
      initial: () => 0,
      step: (state) => ({ state: state + 1, conditions: [{ ...lagging, subject: { ...lagging.subject, id: name } }] }),
    });
    const first = counter('first');
    const second = counter('second');
    const engine = new DiagnosticsEngine([first, second], diagnosticsConfigSchema.parse(undefined));
    const seenBetween: Array<[number, number, number]> = [];
    await engine.evaluateInSlices({ now: 1000, pollIntervalMs: 1000, targetIds: [], reports: new Map(), lastOk: new Map() }, () => undefined, async () => {
      seenBetween.push([engine.stateOf(first), engine.stateOf(second), engine.findings().active.length]);
    });
    expect(seenBetween).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect([engine.stateOf(first), engine.stateOf(second)]).toEqual([1, 1]);
    expect(engine.findings().active.map((finding) => finding.subject.id).sort()).toEqual(['first', 'second']);
  });

  it('an analyzer that slices its own step pauses between its slices, gives what its step gives, and commits with the rest', async () => {
    const sliced: Analyzer<number> = {
      name: 'sliced',
      initial: () => 0,
      *stepInSlices(state): Generator<void, AnalyzerResult<number>, void> {
        yield;
        yield;
        return { state: state + 10, conditions: [lagging] };
      },
      step: (state, input) => stepToEnd(sliced.stepInSlices!(state, input)),
    };
    const input = { now: 1000, pollIntervalMs: 1000, targetIds: [], reports: new Map(), lastOk: new Map() };
    const inSlices = new DiagnosticsEngine([sliced], diagnosticsConfigSchema.parse(undefined));
    const seenBetween: Array<[number, number]> = [];
    const slices: string[] = [];
    await inSlices.evaluateInSlices(
      input,
      () => undefined,
      async () => {
        seenBetween.push([inSlices.stateOf(sliced), inSlices.findings().active.length]);
      },
      [],
      (slice) => slices.push(slice),
    );
    // Three slices (two yields), a pause after each; the cycle shows only once committed.
    expect(slices).toEqual(['analyzer sliced, one slice', 'analyzer sliced, one slice', 'analyzer sliced, one slice', 'findings commit']);
    expect(seenBetween).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    const atOnce = new DiagnosticsEngine([sliced], diagnosticsConfigSchema.parse(undefined));
    atOnce.evaluate(input, () => undefined);
    expect(inSlices.stateOf(sliced)).toBe(10);
    expect(atOnce.stateOf(sliced)).toBe(10);
    expect(inSlices.findings().active).toEqual(atOnce.findings().active);
  });

  it('a sliced analyzer that throws midway keeps its last conditions, as one that throws at once', async () => {
    let fail = false;
    const sliced: Analyzer<number> = {
      name: 'sliced',
      initial: () => 0,
      *stepInSlices(state): Generator<void, AnalyzerResult<number>, void> {
        yield;
        if (fail) throw new Error('bad input');
        return { state: state + 1, conditions: [lagging] };
      },
      step: (state, input) => stepToEnd(sliced.stepInSlices!(state, input)),
    };
    const errors: string[] = [];
    const engine = new DiagnosticsEngine([sliced], diagnosticsConfigSchema.parse(undefined));
    const cycle = (now: number) =>
      engine.evaluateInSlices({ now, pollIntervalMs: 1000, targetIds: [], reports: new Map(), lastOk: new Map() }, (name) => errors.push(name), async () => undefined);
    await cycle(1000);
    fail = true;
    await cycle(2000);
    expect(errors).toEqual(['sliced']);
    expect(engine.stateOf(sliced)).toBe(1);
    expect(engine.findings().active).toEqual([expect.objectContaining({ kind: 'sync.lagging', firstSeen: 1000, lastSeen: 2000 })]);
  });
});

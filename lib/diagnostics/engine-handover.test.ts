import { describe, expect, it } from 'vitest';
import { diagnosticsConfigSchema } from '@/lib/config/schema';
import type { Condition, Finding } from '@/lib/contract/findings';
import type { Analyzer } from '@/lib/diagnostics/types';
import { DiagnosticsEngine } from './engine';
import { conditionId } from './findings-tracker';

const lagging: Condition = { kind: 'sync.lagging', severity: 'warning', subject: { type: 'link', id: 'a->b', node: 'a' }, summary: 'a->b lags', evidence: {} };
const stalled: Condition = { kind: 'sync.stalled', severity: 'critical', subject: { type: 'link', id: 'c->d', node: 'c' }, summary: 'c->d stalled', evidence: {} };

/** As the collector wrote it: active since `firstSeen`. */
function collectorFinding(condition: Condition, firstSeen: number): Finding {
  return { ...condition, id: conditionId(condition), firstSeen, lastSeen: 5_000, status: 'active', resolvedAt: null, class: 'persistent', logGroups: [] };
}

describe('DiagnosticsEngine between replicas', () => {
  it("a standby answers the collector's findings; taking over, seen ones continue (same id and firstSeen), unseen ones wait out the grace", () => {
    let conditions: Condition[] = [lagging, stalled];
    const analyzer: Analyzer<null> = { name: 'fixed', initial: () => null, step: () => ({ state: null, conditions }) };
    const engine = new DiagnosticsEngine([analyzer], diagnosticsConfigSchema.parse(undefined));
    const cycle = (now: number) => engine.evaluate({ now, pollIntervalMs: 1000, targetIds: [], reports: new Map(), lastOk: new Map() }, () => undefined);

    // Standby: its own analyzers run (firstSeen would be 4,000), then the collector's findings replace theirs.
    cycle(4_000);
    engine.adopt({ active: [collectorFinding(lagging, 1_000), collectorFinding(stalled, 2_000)], resolved: [] });
    expect(engine.findings().active.map((finding) => [finding.id, finding.firstSeen])).toEqual([
      [conditionId(lagging), 1_000],
      [conditionId(stalled), 2_000],
    ]);

    engine.takeOver(6_000, 2);
    conditions = [lagging];
    cycle(6_000);
    let { active, resolved } = engine.findings();
    expect(active.map((finding) => [finding.id, finding.firstSeen]).sort()).toEqual([
      [conditionId(lagging), 1_000],
      [conditionId(stalled), 2_000],
    ]);
    expect(resolved).toEqual([]);

    // The grace runs out: the one not seen again resolves, saying why.
    cycle(7_000);
    ({ active, resolved } = engine.findings());
    expect(active.map((finding) => finding.id)).toEqual([conditionId(lagging)]);
    expect(active[0].firstSeen).toBe(1_000);
    expect(resolved).toEqual([expect.objectContaining({ id: conditionId(stalled), firstSeen: 2_000, status: 'resolved' })]);
    expect(String(resolved[0].evidence.restart)).toMatch(/took the cluster over/);
  });
});

/**
 * Cost per cycle of every analyzer on a Pegasus-shaped cluster: one meta
 * leader reporting many tables, replica servers, and clients with cached
 * configurations of a few tables each. In process (no HTTP), so the figure
 * is the diagnostics' own cost per cycle. Prints median / p95 per case.
 *
 * Run alone: npm run bench -- pegasus-tables
 */
import { DEFAULT_DIAGNOSTICS } from '../lib/diagnostics/fixtures/reports';
import type { RoutingDoc } from '../lib/contract/admin-v1';
import type { NodeReport } from '../lib/contract/report';
import { analyzers } from '../lib/diagnostics/registry';
import type { CycleInput } from '../lib/diagnostics/types';

const CYCLES = Number(process.env.BENCH_CYCLES ?? 20);

type Case = { tables: number; partitions: number; replicas: number; clients: number; tablesPerClient: number };

const CASES: Case[] = [
  { tables: 10, partitions: 64, replicas: 20, clients: 10, tablesPerClient: 2 },
  { tables: 50, partitions: 256, replicas: 100, clients: 20, tablesPerClient: 3 },
  { tables: 500, partitions: 32, replicas: 100, clients: 20, tablesPerClient: 3 },
];

function table(name: string, t: number, partitions: number, replicas: number, cycle: number): RoutingDoc {
  return {
    table: name,
    initialized: true,
    partitionCount: partitions,
    partitions: Array.from({ length: partitions }, (_, p) => ({
      id: p,
      owners: [`replica-${(p + t) % replicas}`],
      backups: [`replica-${(p + t + 1) % replicas}`, `replica-${(p + t + 2) % replicas}`],
      // A few partitions move each cycle, as balancing does.
      ballot: 3 + (p % 7 === cycle % 7 ? cycle : 0),
      maxReplicas: 3,
    })),
  };
}

function report(targetId: string, role: string, at: number, tables?: RoutingDoc[]): NodeReport {
  return {
    targetId,
    kind: role === 'client' ? 'native' : 'pegasus',
    address: `10.0.0.1:${targetId.length}`,
    status: 'ok',
    reason: null,
    fetchedAt: at,
    latencyMs: 1,
    node: { id: targetId, cluster: 'bench', role, version: '2.5.0', startedAt: 'unknown', now: new Date(at).toISOString() },
    peers: null,
    sync: null,
    routing: null,
    ...(tables ? { tables } : {}),
    logs: null,
    unavailable: ['sync', 'logs'],
  };
}

function cycleReports(spec: Case, cycle: number, at: number): NodeReport[] {
  const tables = Array.from({ length: spec.tables }, (_, t) => table(`t${t}`, t, spec.partitions, spec.replicas, cycle));
  const reports = [report('meta-1', 'meta-leader', at, tables), report('meta-2', 'meta-follower', at)];
  for (let r = 0; r < spec.replicas; r++) reports.push(report(`replica-${r}`, 'replica', at));
  for (let c = 0; c < spec.clients; c++) {
    const cached = Array.from({ length: spec.tablesPerClient }, (_, k) => table(`t${(c + k) % spec.tables}`, (c + k) % spec.tables, spec.partitions, spec.replicas, 0));
    reports.push(report(`client-${c}`, 'client', at, cached));
  }
  return reports;
}

export async function main(): Promise<void> {
  for (const spec of CASES) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each analyzer keeps its own state type
    const states: any[] = analyzers.map((analyzer) => analyzer.initial());
    const timings: number[] = [];
    const lastOk = new Map<string, NodeReport>();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const at = 1_000_000 + cycle * 5000;
      const reports = cycleReports(spec, cycle, at);
      for (const entry of reports) lastOk.set(entry.targetId, entry);
      const input: CycleInput = {
        now: at,
        pollIntervalMs: 5000,
        config: DEFAULT_DIAGNOSTICS,
        targetIds: reports.map((entry) => entry.targetId),
        reports: new Map(reports.map((entry) => [entry.targetId, entry])),
        lastOk: new Map(lastOk),
      };
      const started = performance.now();
      analyzers.forEach((analyzer, index) => {
        states[index] = analyzer.step(states[index], input).state;
      });
      timings.push(performance.now() - started);
    }
    const sorted = timings.slice(1).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
    console.log(
      `${spec.tables} tables × ${spec.partitions} partitions, ${spec.replicas} replica servers, ${spec.clients} clients: ` +
        `all analyzers per cycle median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
    );
  }
}

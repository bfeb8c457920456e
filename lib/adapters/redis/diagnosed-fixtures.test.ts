import { describe, expect, it } from 'vitest';
import { diagnosticsConfigSchema } from '@/lib/config/schema';
import type { NodeReport } from '@/lib/contract/report';
import { syncAnalyzer } from '@/lib/diagnostics/sync';
import { readNode } from './build-report';
import { redisPortsIn, redisReplies } from './fixture-replies';

/**
 * The adapter reports what each node says; the diagnostics judge it. These
 * tests feed the captured Redis answers through both, as the collector would.
 */
const idFor = (hostPort: string) => (/^127\.0\.0\.1:730[1-6]$/.test(hostPort) ? `r${hostPort.slice(-4)}` : hostPort);
const ALL = [7301, 7302, 7303, 7304, 7305, 7306];

function reportsOf(scenario: string, now: number): Map<string, NodeReport> {
  const reports = new Map<string, NodeReport>();
  const answered = redisPortsIn(scenario);
  for (const port of ALL) {
    const base = { targetId: `r${port}`, kind: 'redis' as const, address: `127.0.0.1:${port}`, fetchedAt: now, peers: null, sync: null, routing: null, logs: null, unavailable: [] };
    if (!answered.includes(port)) {
      // Not in the capture: that node did not answer in time (frozen or down).
      reports.set(`r${port}`, { ...base, status: 'timeout', reason: { code: 'timeout', message: 'no answer' }, latencyMs: null, node: null });
      continue;
    }
    const result = readNode({ target: { id: `r${port}`, address: `127.0.0.1:${port}`, flavor: 'auto', username: undefined }, replies: redisReplies(scenario, port), idFor, now });
    if (!result.ok) throw new Error(result.reason.message);
    const { reading } = result;
    reports.set(`r${port}`, { ...base, status: 'ok', reason: null, latencyMs: 2, node: reading.node, peers: reading.peers, sync: { links: reading.links }, routing: reading.routing });
  }
  return reports;
}

function syncConditions(scenario: string) {
  // The collector's clock at the capture: the answering nodes' own clock.
  const probe = readNode({ target: { id: 'r7303', address: '127.0.0.1:7303', flavor: 'auto', username: undefined }, replies: redisReplies(scenario, 7303), idFor, now: 0 });
  if (!probe.ok) throw new Error(probe.reason.message);
  const now = Date.parse(probe.reading.node.now);
  const reports = reportsOf(scenario, now);
  const input = {
    now,
    pollIntervalMs: 5000,
    config: diagnosticsConfigSchema.parse(undefined),
    targetIds: ALL.map((port) => `r${port}`),
    reports,
    lastOk: new Map([...reports].filter(([, report]) => report.status === 'ok')),
  };
  return syncAnalyzer.step(syncAnalyzer.initial(), input).conditions;
}

describe('captured Redis answers, judged by the sync diagnostics', () => {
  it('a frozen primary: its replica claims the link is up, and it is flagged sync.stalled', () => {
    const conditions = syncConditions('master-stopped/t+1.5s');
    const stalled = conditions.find((condition) => condition.kind === 'sync.stalled' && condition.subject.id === 'r7302->r7305');
    expect(stalled?.summary).toMatch(/primary r7302 is not answering/);
  });

  it('after recovery every link is healthy: no sync findings', () => {
    expect(syncConditions('master-stopped/after-cont-t+3s')).toEqual([]);
  });
});

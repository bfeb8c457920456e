import { describe, expect, it } from 'vitest';
import { diagnosticsConfigSchema } from '@/lib/config/schema';
import { blankLink, type NodeReport } from '@/lib/contract/report';
import { syncAnalyzer } from '@/lib/diagnostics/sync';
import type { CycleInput } from '@/lib/diagnostics/types';
import { extractEvidence } from './extractors';
import { parseGlog } from './formats/glog';
import { overlayLogEvidence, type EvidenceWithLine } from './overlay';

/**
 * Pika-format MetaSync rejections, read from the replica's log, become a
 * registration loop through the sync analyzer as it is: the line → evidence →
 * report → finding path, with the finding's evidence naming the log line.
 */
describe('Pika log lines to sync.registration_loop', () => {
  it('repeated "Meta Sync Failed: Slave AlreadyExist" lines raise the loop on the replica link', () => {
    const start = Date.parse('2024-06-17T02:46:00Z');
    const link = { ...blankLink('pika-1', 'pika-2', 'pika-1->pika-2/db0'), state: 'connecting' as const };
    const evidence: EvidenceWithLine[] = [];
    let state = syncAnalyzer.initial();
    let conditions: ReturnType<typeof syncAnalyzer.step>['conditions'] = [];
    for (let cycle = 0; cycle < 5; cycle++) {
      const now = start + cycle * 5000;
      const iso = new Date(now - 1000).toISOString(); // 2024-06-17T02:45:59.000Z → glog 20240617 02:45:59
      const stamp = `${iso.slice(0, 10).replace(/-/g, '')} ${iso.slice(11, 19)}`;
      const line = parseGlog(`W${stamp}.000000 31 pika_repl_client_conn.cc:150] Meta Sync Failed: Slave AlreadyExist will keep sending MetaSync msg`, { receivedAt: now, utcOffsetMinutes: 0 });
      const found = extractEvidence({ line, target: 'pika-2', index: 0 });
      if (found) evidence.push({ ...found, seq: 100 + cycle });
      const report: NodeReport = {
        targetId: 'pika-2', kind: 'redis', address: '127.0.0.1:9222', status: 'ok', reason: null, fetchedAt: now, latencyMs: 1,
        node: null, peers: null, sync: { links: [link] }, routing: null, logs: null, unavailable: ['peers', 'routing', 'logs'],
      };
      const overlaid = overlayLogEvidence(report, evidence, now - 900_000);
      const input: CycleInput = {
        now,
        pollIntervalMs: 5000,
        config: diagnosticsConfigSchema.parse({}),
        targetIds: ['pika-2'],
        reports: new Map([['pika-2', overlaid]]),
        lastOk: new Map([['pika-2', overlaid]]),
      };
      ({ state, conditions } = syncAnalyzer.step(state, input));
    }
    const loop = conditions.find((condition) => condition.kind === 'sync.registration_loop');
    expect(loop).toMatchObject({ subject: { type: 'link', id: 'pika-1->pika-2/db0' } });
    expect(loop?.evidence).toMatchObject({ result: 'rejected', count: 5 });
    expect(String(loop?.evidence.message)).toBe('from log: Meta Sync Failed: Slave AlreadyExist will keep sending MetaSync msg');
  });
});

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { NodeReport } from '@/lib/contract/report';
import { ReportParts } from './ReportParts';

const metaLeader: NodeReport = {
  targetId: 'meta-1',
  kind: 'pegasus',
  address: '127.0.0.1:34601',
  status: 'ok',
  reason: null,
  fetchedAt: 0,
  latencyMs: 2,
  node: { id: 'meta-1', cluster: '/pegasus/demo', role: 'meta-leader', version: '2.5.0', startedAt: 'unknown', now: '2026-12-04T18:00:00.000Z' },
  peers: { categories: ['ALIVE', 'UNALIVE'], peers: [], readErrors: [] },
  sync: null,
  routing: null,
  tables: [
    { table: 'temp', initialized: true, partitionCount: 2, partitions: [{ id: 0, owners: [], backups: [] }, { id: 1, owners: [], backups: [] }] },
    { table: 'stat', initialized: true, partitionCount: 1, partitions: [{ id: 0, owners: [], backups: [] }] },
  ],
  warnings: ['table nope: "table not found: \\"nope\\"" (HTTP 404 from 127.0.0.1:34601)', '<b>node text</b>'],
  logs: null,
  unavailable: ['sync', 'logs'],
};

describe('ReportParts', () => {
  it('counts a many-table report\'s tables as its routing part and lists its warnings as text', () => {
    const html = renderToStaticMarkup(createElement(ReportParts, { report: metaLeader }));
    expect(html).toContain('2 tables, 3 partitions');
    expect(html).toContain('aria-label="Report warnings"');
    expect(html).toContain('table not found');
    // Node text stays text.
    expect(html).toContain('&lt;b&gt;node text&lt;/b&gt;');
  });
});

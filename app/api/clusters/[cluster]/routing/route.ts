import { z } from 'zod';
import { inCluster } from '@/lib/api/cluster-views';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { findingsOfView, sortFindings } from '@/lib/contract/findings';
import { routingByTable, tableHealthByTable } from '@/lib/diagnostics/registry';
import { routingAnalyzer } from '@/lib/diagnostics/routing';
import { pickTable, projectReports, routingTableSummaries } from '@/lib/diagnostics/routing-tables-view';
import { buildRoutingView } from '@/lib/diagnostics/routing-view';
import { DEFAULT_TABLE, stateOfTable } from '@/lib/diagnostics/tables';

export const dynamic = 'force-dynamic';

const querySchema = z
  .strictObject({
    view: z.enum(['consensus', 'node']).optional(),
    node: z.string().min(1).max(256).optional(),
    /** A named table (sources with many tables); default: the first. */
    table: z.string().max(256).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.view === 'node' && !query.node) ctx.addIssue({ code: 'custom', path: ['node'], message: 'expected a node id with view=node' });
    if (query.view === 'consensus' && query.node) ctx.addIssue({ code: 'custom', path: ['node'], message: 'expected no node with view=consensus' });
  });

export const GET = withCluster('GET /api/clusters/[cluster]/routing', (runtime, request) => {
  const query = parseQuery(request, querySchema);
  if (!query.ok) return query.response;
  const { node } = query.value;
  const now = runtime.now();
  const latest = runtime.store.latestMap();
  const tables = routingTableSummaries(latest, runtime.analyzerState(tableHealthByTable));
  const table = pickTable(tables, query.value.table);
  if (table === null) return notFound(`no table "${query.value.table}" in this cluster's routing`);
  const view = buildRoutingView(
    stateOfTable(runtime.analyzerState(routingByTable), table, routingAnalyzer.initial),
    {
      nodes: runtime.nodeSummaries(),
      latest: projectReports(latest, table),
      lastOk: projectReports(runtime.store.lastOkMap(), table),
      graceMs: runtime.config.diagnostics.routingGrace,
    },
    node ? { view: 'node', node } : { view: 'consensus' },
    now,
  );
  if (!view) return notFound(`no target with id "${node}" in the cluster config`);
  const { active, resolved } = runtime.findings();
  // Findings of the table shown; each named table's findings say their table in the evidence.
  const ofTable = findingsOfView([...active, ...resolved], 'routing').filter((finding) => (finding.evidence.table ?? DEFAULT_TABLE) === table);
  return json({ ...view, table, tables, findings: inCluster(runtime, sortFindings(ofTable)) });
});

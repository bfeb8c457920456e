import { z } from 'zod';
import { inCluster } from '@/lib/api/cluster-views';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { findingsOfView, sortFindings } from '@/lib/contract/findings';
import { routingAnalyzer } from '@/lib/diagnostics/routing';
import { buildRoutingView } from '@/lib/diagnostics/routing-view';

export const dynamic = 'force-dynamic';

const querySchema = z
  .strictObject({
    view: z.enum(['consensus', 'node']).optional(),
    node: z.string().min(1).max(256).optional(),
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
  const view = buildRoutingView(
    runtime.analyzerState(routingAnalyzer),
    {
      nodes: runtime.nodeSummaries(),
      latest: runtime.store.latestMap(),
      lastOk: runtime.store.lastOkMap(),
      graceMs: runtime.config.diagnostics.routingGrace,
    },
    node ? { view: 'node', node } : { view: 'consensus' },
    now,
  );
  if (!view) return notFound(`no target with id "${node}" in the cluster config`);
  const { active, resolved } = runtime.findings();
  const findings = sortFindings(findingsOfView([...active, ...resolved], 'routing'));
  return json({ ...view, findings: inCluster(runtime, findings) });
});

import { z } from 'zod';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { routingView } from '@/lib/api/view-builders';

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
  const view = routingView(runtime, node ?? null);
  if (!view) return notFound(`no target with id "${node}" in the cluster config`);
  return json(view);
});

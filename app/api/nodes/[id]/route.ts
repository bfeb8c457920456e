import type { NodeDetailView } from '@/lib/contract/api';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { noParameters } from '@/lib/api/queries';
import { withRuntime } from '@/lib/api/with-runtime';

export const dynamic = 'force-dynamic';

export const GET = withRuntime<{ params: Promise<{ id: string }> }>('GET /api/nodes/[id]', async (runtime, request, context) => {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  const { id } = await context.params;
  const node = runtime.nodeSummary(id);
  if (!node) return notFound(`no target with id "${id}" in the cluster config`);
  const view: NodeDetailView = {
    generatedAt: runtime.now(),
    pollIntervalMs: runtime.config.pollInterval,
    node,
    latest: runtime.store.latest(id) ?? null,
    samples: runtime.store.samples(id),
    events: runtime.store.statusEvents(id),
  };
  return json(view);
});

import { logsQuery } from '@/lib/api/queries';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { logsView } from '@/lib/api/logs-view';

export const dynamic = 'force-dynamic';

export const GET = withCluster('GET /api/clusters/[cluster]/logs', (runtime, request) => {
  const query = parseQuery(request, logsQuery(() => runtime.now()));
  if (!query.ok) return query.response;
  const { level, node, component, q, group, finding, ...rest } = query.value;
  const unknownNode = node?.find((id) => !runtime.store.has(id));
  if (unknownNode) return notFound(`no target with id "${unknownNode}" in the cluster config`);
  const view = logsView(runtime, { ...rest, levels: level, nodes: node, components: component, q: q || undefined, group, finding });
  if (!view) return notFound(`no finding with id "${finding}"`);
  return json(view);
});

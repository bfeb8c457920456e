import { json, notFound, parseQuery } from '@/lib/api/respond';
import { logsQuery } from '@/lib/api/queries';
import { withRuntime } from '@/lib/api/with-runtime';
import { logsView } from '@/lib/api/logs-view';

export const dynamic = 'force-dynamic';

export const GET = withRuntime('GET /api/logs', (runtime, request) => {
  const query = parseQuery(request, logsQuery(() => runtime.now()));
  if (!query.ok) return query.response;
  const { level, node, component, q, group, finding, ...rest } = query.value;
  const unknownNode = node?.find((id) => !runtime.store.has(id));
  if (unknownNode) return notFound(`no target with id "${unknownNode}" in the cluster config`);
  const view = logsView(runtime, { ...rest, levels: level, nodes: node, components: component, q: q || undefined, group, finding });
  if (!view) return notFound(`no finding with id "${finding}"`);
  return json(view);
});

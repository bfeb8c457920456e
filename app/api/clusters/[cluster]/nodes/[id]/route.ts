import { nodeDetailView } from '@/lib/api/cluster-views';
import { historyOr404, nodeDetailAt, withEarlierHistory } from '@/lib/api/past-views';
import { nodeQuery } from '@/lib/api/queries';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { historyStore } from '@/lib/runtime/history';

export const dynamic = 'force-dynamic';

export const GET = withCluster<{ cluster: string; id: string }>('GET /api/clusters/[cluster]/nodes/[id]', async (cluster, request, { id }) => {
  const query = parseQuery(request, nodeQuery);
  if (!query.ok) return query.response;
  if (query.value.at !== undefined) {
    const history = historyOr404();
    if (!history.ok) return history.response;
    const past = await nodeDetailAt(cluster, history.store, id, query.value.at);
    return past ? json(past) : notFound(`no target with id "${id}" in cluster "${cluster.name}"`);
  }
  const view = nodeDetailView(cluster, id);
  if (!view) return notFound(`no target with id "${id}" in cluster "${cluster.name}"`);
  const store = historyStore();
  return json(store ? await withEarlierHistory(view, cluster, store) : view);
});

import { historyOr404, routingViewAt } from '@/lib/api/past-views';
import { routingQuery } from '@/lib/api/queries';
import { clusterJson, clusterVersion, perCycle, requestKey } from '@/lib/api/per-cycle';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { routingTableOf, routingView } from '@/lib/api/view-builders';
import { DEFAULT_TABLE } from '@/lib/diagnostics/tables';

export const dynamic = 'force-dynamic';

/** Partition owners per node and the consensus; as of `at`, each node's table replayed from history. */
export const GET = withCluster('GET /api/clusters/[cluster]/routing', async (runtime, request) => {
  const query = parseQuery(request, routingQuery);
  if (!query.ok) return query.response;
  const { node, table, at } = query.value;
  if (at !== undefined) {
    if (table !== undefined && table !== DEFAULT_TABLE) return notFound(`named tables ("${table}") are not kept in history: only the nodes' own table can be shown as of a past time`);
    if (node && !runtime.store.has(node)) return notFound(`no target with id "${node}" in the cluster config`);
    const history = historyOr404();
    if (!history.ok) return history.response;
    const past = await routingViewAt(runtime, history.store, at, node ?? null);
    return past ? json(past) : notFound(`no target with id "${node}" in the cluster config`);
  }
  if (routingTableOf(runtime, table ?? null) === null) return notFound(`no table "${table}" in this cluster's routing`);
  const view = perCycle(runtime, clusterVersion(runtime), `answer ${requestKey(request)}`, () => routingView(runtime, node ?? null, table ?? null));
  if (!view) return notFound(`no target with id "${node}" in the cluster config`);
  return clusterJson(request, runtime, () => view);
});

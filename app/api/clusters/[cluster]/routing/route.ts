import { historyOr404, routingViewAt } from '@/lib/api/past-views';
import { routingQuery } from '@/lib/api/queries';
import { clusterJson } from '@/lib/api/per-cycle';
import { badRequest, json, notFound, parseQuery } from '@/lib/api/respond';
import { liveRoutingPage, liveRoutingTable, routingPage, routingWhole } from '@/lib/api/routing-page';
import { withCluster } from '@/lib/api/with-dashboard';
import { DEFAULT_TABLE } from '@/lib/diagnostics/tables';

export const dynamic = 'force-dynamic';

/** Partition owners per node and the consensus, a page of the per-node table at a time; as of `at`, each node's table replayed from history. */
export const GET = withCluster('GET /api/clusters/[cluster]/routing', async (runtime, request) => {
  const query = parseQuery(request, routingQuery);
  if (!query.ok) return query.response;
  const { node, table, at, offset, limit, cursor } = query.value;
  if (at !== undefined) {
    if (table !== undefined && table !== DEFAULT_TABLE) return notFound(`named tables ("${table}") are not kept in history: only the nodes' own table can be shown as of a past time`);
    if (node && !runtime.store.has(node)) return notFound(`no target with id "${node}" in the cluster config`);
    const history = historyOr404();
    if (!history.ok) return history.response;
    const past = await routingViewAt(runtime, history.store, at, node ?? null);
    if (!past) return notFound(`no target with id "${node}" in the cluster config`);
    const page = routingPage(routingWhole(past), { offset, limit, cursor }, `at-${at}`);
    return page.ok ? json(page.view) : badRequest(page.message);
  }
  if (liveRoutingTable(runtime, table ?? null) === null) return notFound(`no table "${table}" in this cluster's routing`);
  const live = liveRoutingPage(runtime, node ?? null, table ?? null, { offset, limit, cursor });
  if (!live) return notFound(`no target with id "${node}" in the cluster config`);
  // A refused cursor is answered per request (never cached as if it were the cycle's answer).
  return live.ok ? clusterJson(request, runtime, () => live.view) : badRequest(live.message);
});

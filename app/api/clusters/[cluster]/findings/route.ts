import { findingsAnswer } from '@/lib/api/finding-views';
import { findingsViewAt, historyOr404 } from '@/lib/api/past-views';
import { clusterJson, clusterVersion, perCycle, requestKey } from '@/lib/api/per-cycle';
import { findingsQuery } from '@/lib/api/queries';
import { pageOf } from '@/lib/api/paging';
import { badRequest, json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** The cluster's findings, a page at a time: the list, the groups (`view=groups`) or one group's members (`group`); as of `at` from history. */
export const GET = withCluster('GET /api/clusters/[cluster]/findings', async (cluster, request) => {
  const query = parseQuery(request, findingsQuery);
  if (!query.ok) return query.response;
  const { node } = query.value;
  if (node && !cluster.store.has(node)) return notFound(`no target with id "${node}" in cluster "${cluster.name}"`);
  if (query.value.at !== undefined) {
    if (query.value.view === 'groups' || query.value.group !== undefined) return badRequest('finding groups are of the live view; give view=list and no group with at');
    const history = historyOr404();
    if (!history.ok) return history.response;
    const past = await findingsViewAt(cluster, history.store, query.value.at, query.value);
    // A past moment does not change: its list is paged like the live one, versioned by the moment.
    const paged = pageOf(past.findings, query.value, `at-${query.value.at}`);
    if (!paged.ok) return badRequest(paged.message);
    const { items, ...page } = paged.page;
    return json({ ...past, findings: items, page });
  }
  const version = clusterVersion(cluster);
  const answer = perCycle(cluster, version, `answer ${requestKey(request)}`, () => findingsAnswer([cluster], query.value, version, cluster.now()));
  if (!answer.ok) return badRequest(answer.message);
  return clusterJson(request, cluster, () => answer.body);
});

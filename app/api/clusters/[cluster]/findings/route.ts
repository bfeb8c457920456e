import { findingsAnswer } from '@/lib/api/finding-views';
import { clusterJson, clusterVersion, perCycle, requestKey } from '@/lib/api/per-cycle';
import { findingsQuery } from '@/lib/api/queries';
import { badRequest, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** The cluster's findings, a page at a time: the list, the groups (`view=groups`) or one group's members (`group`). */
export const GET = withCluster('GET /api/clusters/[cluster]/findings', (cluster, request) => {
  const query = parseQuery(request, findingsQuery);
  if (!query.ok) return query.response;
  const { node } = query.value;
  if (node && !cluster.store.has(node)) return notFound(`no target with id "${node}" in cluster "${cluster.name}"`);
  const version = clusterVersion(cluster);
  const answer = perCycle(cluster, version, `answer ${requestKey(request)}`, () => findingsAnswer([cluster], query.value, version, cluster.now()));
  if (!answer.ok) return badRequest(answer.message);
  return clusterJson(request, cluster, () => answer.body);
});

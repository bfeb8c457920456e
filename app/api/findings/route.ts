import { findingsAnswer } from '@/lib/api/finding-views';
import { dashboardJson, dashboardVersion, perCycle, requestKey } from '@/lib/api/per-cycle';
import { allFindingsQuery } from '@/lib/api/queries';
import { badRequest, notFound, parseQuery } from '@/lib/api/respond';
import { unknownCluster, withDashboard } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** Findings across every cluster (each carries its cluster), in the one findings order, a page at a time; `view=groups` groups them. */
export const GET = withDashboard('GET /api/findings', (dashboard, request) => {
  const query = parseQuery(request, allFindingsQuery);
  if (!query.ok) return query.response;
  const { cluster: name, node } = query.value;
  const chosen = name === undefined ? dashboard.clusters : [dashboard.cluster(name)].filter((cluster) => cluster !== null);
  if (name !== undefined && chosen.length === 0) return unknownCluster(name);
  if (node && !chosen.some((cluster) => cluster.store.has(node))) return notFound(`no target with id "${node}" in ${name ? `cluster "${name}"` : 'any cluster'}`);
  const withNode = node ? chosen.filter((cluster) => cluster.store.has(node)) : chosen;
  const version = dashboardVersion(dashboard);
  const answer = perCycle(dashboard, version, `answer ${requestKey(request)}`, () => findingsAnswer(withNode, query.value, version, dashboard.now()));
  if (!answer.ok) return badRequest(answer.message);
  return dashboardJson(request, dashboard, () => answer.body);
});

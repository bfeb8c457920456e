import type { FindingsView } from '@/lib/contract/api';
import { sortFindings } from '@/lib/contract/findings';
import { clusterFindings } from '@/lib/api/cluster-views';
import { allFindingsQuery } from '@/lib/api/queries';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { unknownCluster, withDashboard } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

/** Findings across every cluster (each carries its cluster), in the one findings order. */
export const GET = withDashboard('GET /api/findings', (dashboard, request) => {
  const query = parseQuery(request, allFindingsQuery);
  if (!query.ok) return query.response;
  const { cluster: name, node, ...filter } = query.value;
  const chosen = name === undefined ? dashboard.clusters : [dashboard.cluster(name)].filter((cluster) => cluster !== null);
  if (name !== undefined && chosen.length === 0) return unknownCluster(name);
  if (node && !chosen.some((cluster) => cluster.store.has(node))) return notFound(`no target with id "${node}" in ${name ? `cluster "${name}"` : 'any cluster'}`);
  const findings = sortFindings(chosen.flatMap((cluster) => (node && !cluster.store.has(node) ? [] : clusterFindings(cluster, { ...filter, node }))));
  const view: FindingsView = { generatedAt: dashboard.now(), findings };
  return json(view);
});

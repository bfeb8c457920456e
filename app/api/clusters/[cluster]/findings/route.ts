import type { FindingsView } from '@/lib/contract/api';
import { clusterFindings } from '@/lib/api/cluster-views';
import { findingsViewAt, historyOr404 } from '@/lib/api/past-views';
import { findingsQuery } from '@/lib/api/queries';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

export const GET = withCluster('GET /api/clusters/[cluster]/findings', async (cluster, request) => {
  const query = parseQuery(request, findingsQuery);
  if (!query.ok) return query.response;
  const { node } = query.value;
  if (node && !cluster.store.has(node)) return notFound(`no target with id "${node}" in cluster "${cluster.name}"`);
  if (query.value.at !== undefined) {
    const history = historyOr404();
    return history.ok ? json(await findingsViewAt(cluster, history.store, query.value.at, query.value)) : history.response;
  }
  const view: FindingsView = { generatedAt: cluster.now(), findings: clusterFindings(cluster, query.value) };
  return json(view);
});

import { syncQuery } from '@/lib/api/queries';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { syncAnalyzer } from '@/lib/diagnostics/sync';
import { buildSyncView } from '@/lib/diagnostics/sync-view';

export const dynamic = 'force-dynamic';

export const GET = withCluster('GET /api/clusters/[cluster]/sync', (runtime, request) => {
  const query = parseQuery(request, syncQuery);
  if (!query.ok) return query.response;
  const { primary, link } = query.value;
  if (primary && !runtime.store.has(primary)) return notFound(`no target with id "${primary}" in the cluster config`);
  const state = runtime.analyzerState(syncAnalyzer);
  const nodeOf = (id: string) => runtime.nodeSummary(id);
  return json(buildSyncView(state, runtime.store.latestMap(), { primary, link }, runtime.now(), nodeOf));
});

import { z } from 'zod';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { syncAnalyzer } from '@/lib/diagnostics/sync';
import { buildSyncView } from '@/lib/diagnostics/sync-view';

export const dynamic = 'force-dynamic';

const querySchema = z.strictObject({
  /** Only the links of this primary (a target id). */
  primary: z.string().min(1).max(256).optional(),
  /** The link whose history to return, e.g. "node-1->node-4" (default: the one most in need of attention). */
  link: z.string().min(1).max(256).optional(),
});

export const GET = withCluster('GET /api/clusters/[cluster]/sync', (runtime, request) => {
  const query = parseQuery(request, querySchema);
  if (!query.ok) return query.response;
  const { primary, link } = query.value;
  if (primary && !runtime.store.has(primary)) return notFound(`no target with id "${primary}" in the cluster config`);
  const state = runtime.analyzerState(syncAnalyzer);
  const nodeOf = (id: string) => runtime.nodeSummary(id);
  return json(buildSyncView(state, runtime.store.latestMap(), { primary, link }, runtime.now(), nodeOf));
});

import { z } from 'zod';
import type { FindingsView } from '@/lib/contract/api';
import { FINDING_KINDS } from '@/lib/contract/findings';
import { clusterFindings } from '@/lib/api/cluster-views';
import { findingsViewAt, historyOr404 } from '@/lib/api/past-views';
import { momentParam } from '@/lib/contract/time-param';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';

export const dynamic = 'force-dynamic';

const querySchema = z.strictObject({
  status: z.enum(['active', 'resolved', 'all']).default('all'),
  kind: z.enum(FINDING_KINDS).optional(),
  node: z.string().min(1).max(256).optional(),
  at: momentParam,
});

export const GET = withCluster('GET /api/clusters/[cluster]/findings', async (cluster, request) => {
  const query = parseQuery(request, querySchema);
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

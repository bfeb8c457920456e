import { z } from 'zod';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { peersView } from '@/lib/api/view-builders';

export const dynamic = 'force-dynamic';

const querySchema = z.strictObject({
  node: z.string().min(1).max(256).optional(),
  category: z.string().min(1).max(128).optional(),
  /** Plain text matched against peer id and address (not a pattern). */
  q: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

export const GET = withCluster('GET /api/clusters/[cluster]/peers', (runtime, request) => {
  const query = parseQuery(request, querySchema);
  if (!query.ok) return query.response;
  const { node, category, q, limit } = query.value;
  if (node && !runtime.store.has(node)) return notFound(`no target with id "${node}" in the cluster config`);
  return json(peersView(runtime, { node, category, q, limit }));
});

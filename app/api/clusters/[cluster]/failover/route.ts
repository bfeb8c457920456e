import { z } from 'zod';
import { json, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { failoverView } from '@/lib/api/view-builders';

export const dynamic = 'force-dynamic';

const querySchema = z.strictObject({
  status: z.enum(['active', 'all']).default('all'),
});

export const GET = withCluster('GET /api/clusters/[cluster]/failover', (runtime, request) => {
  const query = parseQuery(request, querySchema);
  if (!query.ok) return query.response;
  return json(failoverView(runtime, query.value));
});

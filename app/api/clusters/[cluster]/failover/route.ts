import { z } from 'zod';
import { inCluster } from '@/lib/api/cluster-views';
import { json, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { failoverAnalyzer } from '@/lib/diagnostics/failover';
import { buildFailoverView } from '@/lib/diagnostics/failover-view';
import { findingsOfView, sortFindings } from '@/lib/contract/findings';

export const dynamic = 'force-dynamic';

const querySchema = z.strictObject({
  status: z.enum(['active', 'all']).default('all'),
});

export const GET = withCluster('GET /api/clusters/[cluster]/failover', (runtime, request) => {
  const query = parseQuery(request, querySchema);
  if (!query.ok) return query.response;
  const view = buildFailoverView(runtime.analyzerState(failoverAnalyzer), runtime.now(), query.value);
  const { active, resolved } = runtime.findings();
  const findings = sortFindings(findingsOfView([...active, ...resolved], 'failover'));
  return json({ ...view, findings: inCluster(runtime, findings) });
});

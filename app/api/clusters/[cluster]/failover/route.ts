import { z } from 'zod';
import { inCluster } from '@/lib/api/cluster-views';
import { failoverViewAt, historyOr404 } from '@/lib/api/past-views';
import { momentParam } from '@/lib/contract/time-param';
import { json, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { failoverAnalyzer } from '@/lib/diagnostics/failover';
import { buildFailoverView } from '@/lib/diagnostics/failover-view';
import { findingsOfView, sortFindings } from '@/lib/contract/findings';

export const dynamic = 'force-dynamic';

const querySchema = z.strictObject({
  status: z.enum(['active', 'all']).default('all'),
  at: momentParam,
});

export const GET = withCluster('GET /api/clusters/[cluster]/failover', async (runtime, request) => {
  const query = parseQuery(request, querySchema);
  if (!query.ok) return query.response;
  if (query.value.at !== undefined) {
    const history = historyOr404();
    if (!history.ok) return history.response;
    const past = await failoverViewAt(runtime, history.store, query.value.at);
    const incidents = query.value.status === 'active' ? past.incidents.filter((incident) => incident.status === 'active') : past.incidents;
    return json({ ...past, incidents });
  }
  const view = buildFailoverView(runtime.analyzerState(failoverAnalyzer), runtime.now(), query.value);
  const { active, resolved } = runtime.findings();
  const findings = sortFindings(findingsOfView([...active, ...resolved], 'failover'));
  return json({ ...view, findings: inCluster(runtime, findings) });
});

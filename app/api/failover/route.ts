import { json, parseQuery } from '@/lib/api/respond';
import { failoverQuery } from '@/lib/api/queries';
import { withRuntime } from '@/lib/api/with-runtime';
import { failoverAnalyzer } from '@/lib/diagnostics/failover';
import { buildFailoverView } from '@/lib/diagnostics/failover-view';
import { sortFindings } from '@/lib/diagnostics/findings-tracker';

export const dynamic = 'force-dynamic';

export const GET = withRuntime('GET /api/failover', (runtime, request) => {
  const query = parseQuery(request, failoverQuery);
  if (!query.ok) return query.response;
  const view = buildFailoverView(runtime.analyzerState(failoverAnalyzer), runtime.now(), query.value);
  const { active, resolved } = runtime.findings();
  const findings = sortFindings([...active, ...resolved].filter((finding) => finding.kind.startsWith('failover.')));
  return json({ ...view, findings });
});

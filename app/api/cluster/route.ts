import type { ClusterView } from '@/lib/contract/api';
import { json, parseQuery } from '@/lib/api/respond';
import { noParameters } from '@/lib/api/queries';
import { withRuntime } from '@/lib/api/with-runtime';
import { countStatuses } from '@/lib/diagnostics/node-status';

export const dynamic = 'force-dynamic';

export const GET = withRuntime('GET /api/cluster', (runtime, request) => {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  const nodes = runtime.nodeSummaries();
  const view: ClusterView = {
    cluster: runtime.config.cluster,
    mode: runtime.mode,
    pollIntervalMs: runtime.config.pollInterval,
    generatedAt: runtime.now(),
    firstCycleAt: runtime.firstCycleAt,
    lastCycle: runtime.lastCycle
      ? { startedAt: runtime.lastCycle.startedAt, durationMs: runtime.lastCycle.durationMs, polled: runtime.lastCycle.polled }
      : null,
    counts: countStatuses(nodes),
    nodes,
  };
  return json(view);
});

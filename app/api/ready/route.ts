import { apiError, json, parseQuery } from '@/lib/api/respond';
import { noParameters } from '@/lib/api/queries';
import { mayRead } from '@/lib/auth/access';
import { accessOfRequest } from '@/lib/auth/request-access';
import { dashboardSlot, getDashboard } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/**
 * 503 until every cluster has polled every one of its targets once, then 200.
 * Open to probes without sign-in, so it names only the clusters the caller may read.
 */
export function GET(request: Request) {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  const dashboard = getDashboard();
  if (!dashboard) {
    const failed = dashboardSlot().startError;
    return apiError('not_ready', failed ? `The collector failed to start: ${failed}` : 'The collector is starting.');
  }
  const waiting = dashboard.waitingFor();
  if (waiting.length > 0) {
    const access = accessOfRequest(request.headers);
    const named = waiting.filter((cluster) => mayRead(access, cluster.name));
    const names = named.map((cluster) => `"${cluster.name}" (${cluster.targets.length} targets)`);
    if (named.length < waiting.length) names.push(`${waiting.length - named.length} cluster(s)`);
    return apiError('not_ready', `Waiting for the first full poll cycle of ${names.join(', ')}.`);
  }
  const firstCycleAt = Math.max(...dashboard.clusters.map((cluster) => cluster.firstCycleAt ?? 0));
  const targets = dashboard.clusters.reduce((sum, cluster) => sum + cluster.targets.length, 0);
  return json({ status: 'ready', firstCycleAt, clusters: dashboard.clusters.length, targets });
}

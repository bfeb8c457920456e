import { apiError, json, parseQuery } from '@/lib/api/respond';
import { noParameters } from '@/lib/api/queries';
import { getRuntime, runtimeSlot } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** 503 until every target has been polled once, then 200. */
export function GET(request: Request) {
  const query = parseQuery(request, noParameters);
  if (!query.ok) return query.response;
  const runtime = getRuntime();
  if (!runtime) {
    const failed = runtimeSlot().startError;
    return apiError('not_ready', failed ? `The collector failed to start: ${failed}` : 'The collector is starting.');
  }
  if (runtime.firstCycleAt === null) {
    return apiError('not_ready', `Waiting for the first full poll cycle of ${runtime.targets.length} targets.`);
  }
  return json({ status: 'ready', firstCycleAt: runtime.firstCycleAt, targets: runtime.targets.length });
}

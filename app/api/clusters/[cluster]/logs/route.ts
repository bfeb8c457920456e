import { clusterJson, clusterVersion, perCycle, requestKey } from '@/lib/api/per-cycle';
import { historyOr404, logsViewAt } from '@/lib/api/past-views';
import { json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { logsFromQuery, logsQuerySchema } from '@/lib/api/logs-view';

export const dynamic = 'force-dynamic';

/** One log stream with its groups; as of `at`, from the lines and groups in history. */
export const GET = withCluster('GET /api/clusters/[cluster]/logs', async (runtime, request) => {
  const query = parseQuery(request, logsQuerySchema(() => runtime.now()));
  if (!query.ok) return query.response;
  const at = query.value.at;
  if (at !== undefined) {
    // Relative times ("15m") count back from the moment shown, not from now.
    const past = parseQuery(request, logsQuerySchema(() => at));
    if (!past.ok) return past.response;
    const { level, node, component, q, at: _at, ...rest } = past.value;
    void _at;
    const unknownNode = node?.find((id) => !runtime.store.has(id));
    if (unknownNode) return notFound(`no target with id "${unknownNode}" in the cluster config`);
    const history = historyOr404();
    if (!history.ok) return history.response;
    const view = await logsViewAt(runtime, history.store, at, { ...rest, levels: level, nodes: node, components: component, q: q || undefined });
    return view ? json(view) : notFound(`no finding with id "${rest.finding}" as of ${new Date(at).toISOString()}`);
  }
  const answer = perCycle(runtime, clusterVersion(runtime), `answer ${requestKey(request)}`, () => logsFromQuery(runtime, query.value));
  return 'view' in answer ? clusterJson(request, runtime, () => answer.view) : notFound(answer.notFound);
});

import { historyOr404, peersViewAt } from '@/lib/api/past-views';
import { livePeersPage, peersPage, peersWhole } from '@/lib/api/peers-page';
import { peersQuery } from '@/lib/api/queries';
import { perCycleJson } from '@/lib/api/per-cycle';
import { badRequest, json, notFound, parseQuery } from '@/lib/api/respond';
import { withCluster } from '@/lib/api/with-dashboard';
import { DEFAULT_PEER_LIMIT } from '@/lib/diagnostics/peers-view';

export const dynamic = 'force-dynamic';

/** Each node's peers and categories, a page of the per-node table at a time; as of `at`, replayed from history. */
export const GET = withCluster('GET /api/clusters/[cluster]/peers', async (runtime, request) => {
  const query = parseQuery(request, peersQuery);
  if (!query.ok) return query.response;
  const { node, category, q, peers, at, offset, limit, cursor } = query.value;
  if (node && !runtime.store.has(node)) return notFound(`no target with id "${node}" in the cluster config`);
  const filter = { node, category, q };
  if (at !== undefined) {
    const history = historyOr404();
    if (!history.ok) return history.response;
    const past = peersPage(peersWhole(await peersViewAt(runtime, history.store, at, { ...filter, limit: Math.max(DEFAULT_PEER_LIMIT, peers ?? 0) })), { offset, limit, cursor, peers }, `at-${at}`);
    return past.ok ? json(past.view) : badRequest(past.message);
  }
  // A refused cursor is answered per request (never cached as if it were the cycle's answer).
  const live = livePeersPage(runtime, filter, { offset, limit, cursor, peers });
  // The version the answer shows: the last complete one while the new cycle's is being built.
  return live.ok ? perCycleJson(request, runtime, live.version, () => live.view) : badRequest(live.message);
});

import 'server-only';
import type { SyncPageView } from '@/lib/contract/views';
import type { SyncView, SyncViewParams } from '@/lib/diagnostics/sync-view';
import type { ClusterRuntime } from '@/lib/runtime';
import { pageInfoOf, pageOf, type PageRequest } from './paging';
import { perCycleSteps, type Versioned } from './per-cycle';
import { syncViewSteps } from './view-builders';

/**
 * The sync answer a page at a time: the counts, the primaries (the filter's
 * choices) and the charted link go with every page; the groups (a primary
 * with all its links) are cut into pages, so no answer serializes every link
 * of a 5,000-node cluster.
 */
export function syncPage<View extends SyncView>(view: View, request: PageRequest, version: string): { ok: true; view: View & Pick<SyncPageView, 'page'> } | { ok: false; message: string } {
  const cut = pageOf(view.groups, request, version);
  if (!cut.ok) return cut;
  return { ok: true, view: { ...view, groups: cut.page.items, page: pageInfoOf(cut.page) } };
}

/** The whole live view, built once per cycle and filter (in slices after each cycle: lib/api/per-cycle.ts): every page of it is cut from the same build. */
export function liveSyncView(cluster: ClusterRuntime, params: SyncViewParams): Versioned<SyncView> {
  return perCycleSteps(cluster, `sync view\n${params.primary ?? ''}\n${params.link ?? ''}`, () => syncViewSteps(cluster, params));
}

/** One page of the live view (the route and the page's prefetch), with the cluster version it shows. */
export function liveSyncPage(cluster: ClusterRuntime, params: SyncViewParams, request: PageRequest) {
  const whole = liveSyncView(cluster, params);
  return { ...syncPage(whole.value, request, whole.version), version: whole.version };
}

import 'server-only';
import type { ReactNode } from 'react';
import { Shell } from '@/components/shell/Shell';
import { clustersView } from '@/lib/api/cluster-views';
import { clustersQuery } from '@/lib/client/queries';
import type { Dashboard } from '@/lib/runtime';
import { dashboardForPage } from './clusters';
import { Prefetched } from './prefetch';

/**
 * A page about the whole dashboard rather than one cluster (home, alerting,
 * storage, replicas): the header with its cluster switcher, the banners and
 * the cluster list prefetched, so the first HTML already carries them.
 */
export async function DashboardPage({ children, dashboard }: { children: ReactNode; dashboard?: Dashboard | null }) {
  const shown = dashboard === undefined ? await dashboardForPage() : dashboard;
  return (
    <Prefetched queries={shown ? [{ queryKey: clustersQuery().queryKey, data: clustersView(shown) }] : []}>
      <Shell cluster={null}>{children}</Shell>
    </Prefetched>
  );
}

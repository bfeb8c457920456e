import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ClustersHome } from '@/components/home/ClustersHome';
import { dashboardForPage } from '@/lib/server/clusters';
import { DashboardPage } from '@/lib/server/dashboard-page';

export const metadata: Metadata = { title: 'Clusters' };

/** Every cluster at a glance; with exactly one cluster configured, that cluster's overview. */
export default async function HomePage() {
  const dashboard = await dashboardForPage();
  if (dashboard?.clusters.length === 1) redirect(`/clusters/${encodeURIComponent(dashboard.clusters[0].name)}`);
  return (
    <DashboardPage dashboard={dashboard}>
      <h1>Clusters</h1>
      <ClustersHome />
    </DashboardPage>
  );
}

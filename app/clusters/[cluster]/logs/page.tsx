import type { Metadata } from 'next';
import { LogPanel } from '@/components/logs/LogPanel';
import { logsForSearch } from '@/lib/api/logs-view';
import { filterFromSearch, logsPath, logsQuery, PANEL_LINES } from '@/lib/client/logs-queries';
import { ClusterPage } from '@/lib/server/cluster-page';
import { searchOf, type SearchParams } from '@/lib/server/clusters';

export const metadata: Metadata = { title: 'Logs' };

export default async function LogsPage({ params, searchParams }: { params: Promise<{ cluster: string }>; searchParams: SearchParams }) {
  // The filter the panel reads from the URL, asked of the API exactly as the panel asks.
  const filter = filterFromSearch(await searchOf(searchParams));
  return (
    <ClusterPage
      params={params}
      queries={(cluster) => {
        // A past moment is read from history by the panel itself; the live answer is never put under its key.
        if (filter.at !== undefined) return [];
        const path = logsPath(cluster.name, filter, { limit: String(PANEL_LINES) });
        const view = logsForSearch(cluster, new URL(path, 'http://localhost').searchParams);
        return view ? [{ queryKey: logsQuery(cluster.name, filter, cluster.config.pollInterval, true).queryKey, data: view }] : [];
      }}
    >
      <LogPanel />
    </ClusterPage>
  );
}

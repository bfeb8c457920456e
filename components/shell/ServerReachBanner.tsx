'use client';

import { useQuery } from '@tanstack/react-query';
import { StaleBanner } from '@/components/ui/StaleBanner';
import { ApiFetchError } from '@/lib/client/fetch-json';
import { clustersQuery } from '@/lib/client/queries';

/** Watches the clusters list (every page polls it) and warns when the dashboard's own server stops answering. */
export function ServerReachBanner() {
  const { error, dataUpdatedAt } = useQuery(clustersQuery());
  if (!(error instanceof ApiFetchError) || !error.isServerUnreachable) return null;
  return <StaleBanner lastDataAt={dataUpdatedAt > 0 ? dataUpdatedAt : null} message={error.status === null ? undefined : error.message} />;
}

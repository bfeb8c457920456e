'use client';

import { useQuery } from '@tanstack/react-query';
import { StaleBanner } from '@/components/ui/StaleBanner';
import { ApiFetchError } from '@/lib/client/fetch-json';
import { clusterQuery } from '@/lib/client/queries';
import { useHydrated } from '@/lib/client/use-hydrated';

/** Watches the cluster query (every page polls it) and warns when the dashboard's own server stops answering. */
export function ServerReachBanner() {
  const { error, dataUpdatedAt } = useQuery(clusterQuery());
  const hydrated = useHydrated();
  if (!hydrated || !(error instanceof ApiFetchError) || !error.isServerUnreachable) return null;
  return <StaleBanner lastDataAt={dataUpdatedAt > 0 ? dataUpdatedAt : null} message={error.status === null ? undefined : error.message} />;
}

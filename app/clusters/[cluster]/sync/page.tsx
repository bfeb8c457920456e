import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SyncDashboard } from '@/components/sync/SyncDashboard';
import { Skeleton } from '@/components/ui/Skeleton';

export const metadata: Metadata = { title: 'Sync' };

export default function SyncPage() {
  return (
    <Suspense fallback={<Skeleton lines={6} label="Loading replication links…" />}>
      <SyncDashboard />
    </Suspense>
  );
}

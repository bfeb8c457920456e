import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LogPanel } from '@/components/logs/LogPanel';
import { Skeleton } from '@/components/ui/Skeleton';

export const metadata: Metadata = { title: 'Logs' };

export default function LogsPage() {
  // The panel reads its filters from the URL, which is only known in the browser for a static page.
  return (
    <Suspense fallback={<Skeleton lines={8} label="Loading logs…" />}>
      <LogPanel />
    </Suspense>
  );
}

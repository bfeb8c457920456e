import type { Metadata } from 'next';
import { DashboardPage } from '@/lib/server/dashboard-page';
import { StorageStatus } from '@/components/storage/StorageStatus';

export const metadata: Metadata = { title: 'Storage' };

export default function StoragePage() {
  return (
    <DashboardPage>
      <StorageStatus />
    </DashboardPage>
  );
}

import type { Metadata } from 'next';
import { DashboardPage } from '@/lib/server/dashboard-page';
import { ReplicasStatus } from '@/components/replicas/ReplicasStatus';

export const metadata: Metadata = { title: 'Replicas' };

export default function ReplicasPage() {
  return (
    <DashboardPage>
      <ReplicasStatus />
    </DashboardPage>
  );
}

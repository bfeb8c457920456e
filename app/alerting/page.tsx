import type { Metadata } from 'next';
import { DashboardPage } from '@/lib/server/dashboard-page';
import { AlertingStatus } from '@/components/alerting/AlertingStatus';

export const metadata: Metadata = { title: 'Alerting' };

export default function AlertingPage() {
  return (
    <DashboardPage>
      <AlertingStatus />
    </DashboardPage>
  );
}

import type { Metadata } from 'next';
import { AlertingStatus } from '@/components/alerting/AlertingStatus';

export const metadata: Metadata = { title: 'Alerting' };

export default function AlertingPage() {
  return <AlertingStatus />;
}

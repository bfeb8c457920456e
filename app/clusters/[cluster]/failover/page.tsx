import type { Metadata } from 'next';
import { FailoverView } from '@/components/failover/FailoverView';

export const metadata: Metadata = { title: 'Failover' };

export default function FailoverPage() {
  return <FailoverView />;
}

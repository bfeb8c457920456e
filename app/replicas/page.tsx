import type { Metadata } from 'next';
import { ReplicasStatus } from '@/components/replicas/ReplicasStatus';

export const metadata: Metadata = { title: 'Replicas' };

export default function ReplicasPage() {
  return <ReplicasStatus />;
}

import { FailoverSkeleton } from '@/components/failover/FailoverSkeleton';

export default function Loading() {
  return <FailoverSkeleton />;
}

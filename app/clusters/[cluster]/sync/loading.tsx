import { Skeleton } from '@/components/ui/Skeleton';

export default function SyncLoading() {
  return <Skeleton lines={6} label="Loading replication links…" />;
}

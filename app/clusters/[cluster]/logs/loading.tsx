import { Skeleton } from '@/components/ui/Skeleton';

export default function LogsLoading() {
  return <Skeleton lines={8} label="Loading logs…" />;
}

import { Skeleton } from '@/components/ui/Skeleton';

export default function PeersLoading() {
  return <Skeleton lines={8} label="Loading peers…" />;
}

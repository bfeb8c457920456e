import { Skeleton } from '@/components/ui/Skeleton';

export default function Loading() {
  return <Skeleton lines={6} label="Loading the page…" />;
}

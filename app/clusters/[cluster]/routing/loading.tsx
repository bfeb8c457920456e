import { RoutingSkeleton } from '@/components/routing/RoutingSkeleton';

export default function Loading() {
  return <RoutingSkeleton />;
}

import Link from 'next/link';
import { EmptyState } from '@/components/ui/EmptyState';

export default function UnknownCluster() {
  return (
    <EmptyState title="There is no cluster with that name">
      <Link href="/">See every cluster</Link>
    </EmptyState>
  );
}

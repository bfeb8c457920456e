import Link from 'next/link';
import { EmptyState } from '@/components/ui/EmptyState';

export default function NotFound() {
  return (
    <EmptyState title="There is no such page">
      <Link href="/">See every cluster</Link>
    </EmptyState>
  );
}

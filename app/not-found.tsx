import Link from 'next/link';
import { EmptyState } from '@/components/ui/EmptyState';

export default function NotFound() {
  return (
    <EmptyState title="There is no such page">
      <Link href="/">Go to the overview</Link>
    </EmptyState>
  );
}

import Link from 'next/link';
import { Shell } from '@/components/shell/Shell';
import { EmptyState } from '@/components/ui/EmptyState';

/** An unknown cluster or page: said plainly, with the way back to every cluster. */
export default function NotFound() {
  return (
    <Shell cluster={null}>
      <EmptyState title="Not found: there is no cluster or page at this address">
        <Link href="/">See every cluster</Link>
      </EmptyState>
    </Shell>
  );
}

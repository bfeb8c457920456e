'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useLocalTime } from '@/lib/client/use-local-time';
import { useRequestedMoment, viewHasHistory } from '@/lib/client/use-as-of';

/** Marks every past view across the page: it shows what Clusterscope knew then, not now. */
export function PastBanner() {
  const time = useLocalTime();
  const { at, compare } = useRequestedMoment();
  const pathname = usePathname() ?? '/';
  if (at === null) return null;
  // Pages outside a cluster have no past: they show now, and say nothing of a moment.
  if (!viewHasHistory(pathname)) return null;
  const comparing = pathname.endsWith('/compare');
  return (
    <div role="status" className="past-banner" aria-label="Past view">
      <strong>{comparing ? 'Comparing two moments' : 'Past view'}</strong>{' '}
      {comparing
        ? `${time.dateTime(at)} and ${compare === null ? 'now' : time.dateTime(compare)}, from stored history.`
        : `as of ${time.dateTime(at)}: what Clusterscope knew and decided then, from stored history. Nothing here updates.`}{' '}
      <Link href={comparing ? pathname.replace(/\/compare$/, '') : pathname}>Back to live</Link>
    </div>
  );
}

'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { parseMoment } from '@/lib/contract/time-param';

export type AsOf = {
  /** The past moment the page shows (`?at=`), or null for live. */
  at: number | null;
  /** The second moment of a comparison (`?compare=`), or null. */
  compare: number | null;
};

/** The views that can be built from stored history (paths after /clusters/<name>); the others are live only so far. */
const VIEWS_WITH_HISTORY = [/^$/, /^\/failover$/, /^\/nodes\/[^/]+$/, /^\/compare$/];

/** Whether the page at `pathname` can show a past moment. */
export function viewHasHistory(pathname: string): boolean {
  const match = /^\/clusters\/[^/]+(\/.*)?$/.exec(pathname);
  if (!match) return false;
  const within = (match[1] ?? '').replace(/\/$/, '');
  return VIEWS_WITH_HISTORY.some((pattern) => pattern.test(within));
}

/** The `?at=` of the URL, whether or not this page can show it. */
export function useRequestedMoment(): AsOf {
  const params = useSearchParams();
  const read = (name: string) => {
    const text = params?.get(name);
    return text ? parseMoment(text) : null;
  };
  return { at: read('at'), compare: read('compare') };
}

/**
 * The moment the page shows, from its URL: every view reads it the same way.
 * On a view that cannot be built from history yet it is live (null), so live
 * data is never labelled as the past.
 */
export function useAsOf(): AsOf {
  const requested = useRequestedMoment();
  const pathname = usePathname() ?? '/';
  return viewHasHistory(pathname) ? requested : { at: null, compare: null };
}

/** `?at=` for an API path (nothing when live). */
export function atSearch(at: number | null, prefix: '?' | '&' = '?'): string {
  return at === null ? '' : `${prefix}at=${at}`;
}

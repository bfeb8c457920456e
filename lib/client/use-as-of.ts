'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { parseMoment } from '@/lib/contract/time-param';

export type AsOf = {
  /** The past moment the page shows (`?at=`), or null for live. */
  at: number | null;
  /** The second moment of a comparison (`?compare=`), or null. */
  compare: number | null;
};

/** Every cluster view can be built from stored history (docs/storage.md); pages outside a cluster are live only. */
export function viewHasHistory(pathname: string): boolean {
  return /^\/clusters\/[^/]+(\/.*)?$/.test(pathname);
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
 * Outside a cluster's views it is live (null), so live data is never labelled as the past.
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

'use client';

import { useSearchParams } from 'next/navigation';
import { parseMoment } from '@/lib/contract/time-param';

export type AsOf = {
  /** The past moment the page shows (`?at=`), or null for live. */
  at: number | null;
  /** The second moment of a comparison (`?compare=`), or null. */
  compare: number | null;
};

/** The moment the page is opened at, from its URL: every view reads it the same way. */
export function useAsOf(): AsOf {
  const params = useSearchParams();
  const read = (name: string) => {
    const text = params?.get(name);
    return text ? parseMoment(text) : null;
  };
  return { at: read('at'), compare: read('compare') };
}

/** `?at=` for an API path (nothing when live). */
export function atSearch(at: number | null, prefix: '?' | '&' = '?'): string {
  return at === null ? '' : `${prefix}at=${at}`;
}

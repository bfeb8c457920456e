'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { searchString } from './queries';

/**
 * A view's filters, kept in the URL so a filtered view can be shared and
 * reloaded as it is. Unknown parameters are left out; empty values drop the key.
 */
export function useUrlFilter<Key extends string>(keys: readonly Key[]): [Record<Key, string>, (next: Partial<Record<Key, string>>) => void] {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const values = useMemo(() => Object.fromEntries(keys.map((key) => [key, params.get(key) ?? ''])) as Record<Key, string>, [keys, params]);
  const set = useCallback(
    (next: Partial<Record<Key, string>>) => router.replace(`${pathname}${searchString({ ...values, ...next })}`, { scroll: false }),
    [router, pathname, values],
  );
  return [values, set];
}

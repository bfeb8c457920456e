'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { clusterPath } from '@/lib/client/cluster-paths';
import { atSearch, useRequestedMoment } from '@/lib/client/use-as-of';
import { NAV_ITEMS, isCurrent, viewPath } from './nav-items';

/** The views of the current cluster; the current view carries aria-current="page". Off cluster pages there is none. */
export function AppNav({ cluster }: { cluster: string }) {
  const within = viewPath(usePathname() ?? '/') ?? '';
  // A past view stays in the past from view to view.
  const { at } = useRequestedMoment();
  return (
    <nav className="app-nav" aria-label="Views">
      <ul>
        {NAV_ITEMS.map((item) => {
          const current = isCurrent(item.view, within);
          return (
            <li key={item.view}>
              <Link href={`${clusterPath(cluster, item.view)}${atSearch(at)}`} aria-current={current ? 'page' : undefined} className="app-nav__link">
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

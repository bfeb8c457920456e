'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NAV_ITEMS, isCurrent } from './nav-items';

/** The main navigation between views; the current view carries aria-current="page". */
export function AppNav() {
  const pathname = usePathname() ?? '/';
  return (
    <nav className="app-nav" aria-label="Views">
      <ul>
        {NAV_ITEMS.map((item) => {
          const current = isCurrent(item.href, pathname);
          return (
            <li key={item.href}>
              <Link href={item.href} aria-current={current ? 'page' : undefined} className="app-nav__link">
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

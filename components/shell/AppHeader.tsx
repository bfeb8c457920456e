'use client';

import Link from 'next/link';
import { AppNav } from './AppNav';
import { ClusterStatusLine } from './ClusterStatusLine';
import { ClusterSwitcher } from './ClusterSwitcher';

/** The bar on every page: product name (home: every cluster), and on a cluster's pages its switcher, views and data age. */
export function AppHeader({ cluster }: { cluster: string | null }) {
  return (
    <header className="app-header">
      <Link href="/" className="app-header__brand">
        <span aria-hidden="true" className="app-header__logo">
          ◎
        </span>
        Clusterscope
      </Link>
      {cluster === null ? (
        <span className="muted">all clusters</span>
      ) : (
        <>
          <ClusterSwitcher cluster={cluster} />
          <AppNav cluster={cluster} />
          <ClusterStatusLine cluster={cluster} />
        </>
      )}
    </header>
  );
}

'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { AppNav } from './AppNav';
import { ClusterStatusLine } from './ClusterStatusLine';
import { ClusterSwitcher } from './ClusterSwitcher';
import { TimeTravel } from '@/components/history/TimeTravel';

/** The bar on every page: product name (home: every cluster), on a cluster's pages its switcher, views and data age, and the alerting status. */
export function AppHeader({ cluster, signIn }: { cluster: string | null; signIn?: ReactNode }) {
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
          <TimeTravel cluster={cluster} />
        </>
      )}
      {/* Process-wide, not one cluster's view: where findings are delivered. */}
      <Link href="/alerting" className="app-header__alerting">
        Alerting
      </Link>
      <Link href="/storage">Storage</Link>
      <Link href="/replicas">Replicas</Link>
      {signIn}
    </header>
  );
}

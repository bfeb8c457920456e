'use client';

import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { clustersQuery } from '@/lib/client/queries';
import { sameViewIn, viewPath } from './nav-items';

/** Picks another cluster and keeps the view the operator is on. */
export function ClusterSwitcher({ cluster }: { cluster: string }) {
  const router = useRouter();
  const pathname = usePathname() ?? '/';
  const { data } = useQuery(clustersQuery());
  const names = data?.clusters.map((summary) => summary.name) ?? [cluster];
  return (
    <label className="cluster-switcher">
      <span className="muted">cluster</span>
      <select
        aria-label="Cluster"
        value={cluster}
        onChange={(event) => router.push(sameViewIn(viewPath(pathname), event.target.value))}
      >
        {(names.includes(cluster) ? names : [cluster, ...names]).map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The views of a cluster, in the order an operator walks through an incident; paths relative to /clusters/<name>. */
export const NAV_ITEMS = [
  { view: '', label: 'Overview' },
  { view: '/peers', label: 'Peers' },
  { view: '/sync', label: 'Sync' },
  { view: '/routing', label: 'Routing' },
  { view: '/failover', label: 'Failover' },
  { view: '/logs', label: 'Logs' },
] as const;

/** The part of a cluster page's path after /clusters/<name> ("" for its overview); null off cluster pages. */
export function viewPath(pathname: string): string | null {
  const match = /^\/clusters\/[^/]+(\/.*)?$/.exec(pathname);
  if (!match) return null;
  return (match[1] ?? '').replace(/\/$/, '');
}

/** A nav item is current on its own page and below it (/nodes/x belongs to Overview). */
export function isCurrent(view: string, pathWithinCluster: string): boolean {
  if (view === '') return pathWithinCluster === '' || pathWithinCluster.startsWith('/nodes/');
  return pathWithinCluster === view || pathWithinCluster.startsWith(`${view}/`);
}

/**
 * Where the cluster switcher goes: the same view of the other cluster. Filters
 * and node pages name things of the cluster being left, so they are not carried.
 */
export function sameViewIn(pathWithinCluster: string | null, target: string): string {
  const item = NAV_ITEMS.find((candidate) => candidate.view !== '' && isCurrent(candidate.view, pathWithinCluster ?? ''));
  return `/clusters/${encodeURIComponent(target)}${item?.view ?? ''}`;
}

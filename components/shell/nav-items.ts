/** The views, in the order an operator walks through an incident. */
export const NAV_ITEMS = [
  { href: '/', label: 'Overview' },
  { href: '/peers', label: 'Peers' },
  { href: '/sync', label: 'Sync' },
  { href: '/routing', label: 'Routing' },
  { href: '/failover', label: 'Failover' },
  { href: '/logs', label: 'Logs' },
  // Process-wide, not a view of one cluster: where findings are delivered.
  { href: '/alerting', label: 'Alerting' },
] as const;

/** A nav item is current on its own page and below it (/nodes/x belongs to Overview). */
export function isCurrent(href: string, pathname: string): boolean {
  if (href === '/') return pathname === '/' || pathname.startsWith('/nodes/');
  return pathname === href || pathname.startsWith(`${href}/`);
}

import type { AccessRule } from './config';

/**
 * What one request may read: every cluster ("*") or the named ones. Decided
 * once per request (proxy.ts) and applied by withDashboard and the pages.
 */
export type ClusterAccess = {
  /** Who: the signed-in user, the machine token's name, or null when sign-in is off. */
  user: string | null;
  via: 'none' | 'oidc' | 'proxy' | 'token' | 'anonymous';
  clusters: '*' | readonly string[];
};

/** Requests that reached no identity (public routes such as /api/health) read no cluster. */
export const NO_ACCESS: ClusterAccess = { user: null, via: 'anonymous', clusters: [] };
export const FULL_ACCESS: ClusterAccess = { user: null, via: 'none', clusters: '*' };

/** The union of the clusters every rule of the user's groups grants; "*" anywhere grants all. */
export function clustersForGroups(groups: readonly string[], rules: readonly AccessRule[]): '*' | string[] {
  const memberOf = new Set(groups);
  const granted = new Set<string>();
  for (const rule of rules) {
    if (!memberOf.has(rule.group)) continue;
    for (const cluster of rule.clusters) {
      if (cluster === '*') return '*';
      granted.add(cluster);
    }
  }
  return [...granted].sort();
}

/** A machine token's own list works the same way. */
export function clustersOfList(list: readonly string[]): '*' | string[] {
  return list.includes('*') ? '*' : [...new Set(list)].sort();
}

export function mayRead(access: ClusterAccess, cluster: string): boolean {
  return access.clusters === '*' || access.clusters.includes(cluster);
}

/** proxy.ts hands the decision to route handlers and pages in this request header (it strips any a client sent). */
export const ACCESS_HEADER = 'x-clusterscope-access';

export function encodeAccess(access: ClusterAccess): string {
  // encodeURIComponent keeps a user name with non-ASCII characters a valid header value.
  return encodeURIComponent(JSON.stringify(access));
}

/** Null when the header is absent or not one proxy.ts wrote. */
export function decodeAccess(header: string | null): ClusterAccess | null {
  if (header === null) return null;
  try {
    const value = JSON.parse(decodeURIComponent(header)) as Partial<ClusterAccess>;
    const clusters = value.clusters === '*' ? '*' : Array.isArray(value.clusters) && value.clusters.every((name) => typeof name === 'string') ? value.clusters : null;
    if (clusters === null || typeof value.via !== 'string') return null;
    return { user: typeof value.user === 'string' ? value.user : null, via: value.via as ClusterAccess['via'], clusters };
  } catch {
    return null;
  }
}

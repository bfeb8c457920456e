import 'server-only';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { accessOfRequest } from '@/lib/auth/request-access';
import { getDashboard, type ClusterRuntime, type Dashboard } from '@/lib/runtime';

/** The running dashboard as this page's reader may see it (null while it starts); marks the page dynamic. */
export async function dashboardForPage(): Promise<Dashboard | null> {
  await connection();
  return getDashboard()?.visibleTo(accessOfRequest(await headers())) ?? null;
}

/** Route params arrive percent-encoded; a malformed escape is kept as typed (then it names no cluster). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The page's cluster: null when the dashboard is still starting, 'unknown' when no cluster has that name. */
export async function clusterForPage(params: Promise<{ cluster: string }>): Promise<{ dashboard: Dashboard; cluster: ClusterRuntime } | null | 'unknown'> {
  const dashboard = await dashboardForPage();
  if (!dashboard) return null;
  const cluster = dashboard.cluster(decodeSegment((await params).cluster));
  return cluster ? { dashboard, cluster } : 'unknown';
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A page's search params as the browser's URLSearchParams would give them (first value of a repeated key). */
export async function searchOf(searchParams: SearchParams): Promise<URLSearchParams> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(key, first);
  }
  return params;
}

import { createHash } from 'node:crypto';

/**
 * Conditional GETs: a view is rebuilt once per poll cycle, so its ETag is the
 * cycle's version plus the query that shaped it. A browser polling with
 * `If-None-Match` between cycles gets a bodiless 304.
 */

/** A version unique to this process and cycle: a restarted server never reuses one. */
export function cycleVersion(runtimeStartedAt: number, cycle: number): string {
  return `${runtimeStartedAt.toString(36)}-${cycle}`;
}

/** The query in a canonical order, so `?a=1&b=2` and `?b=2&a=1` share an ETag. */
export function canonicalQuery(url: URL): string {
  return [...url.searchParams].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1)).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

/**
 * Weak: the same version and query always give the same data, but JSON
 * byte-equality is not promised (RFC 9110 §8.8.1).
 */
export function etagOf(version: string, variant: string): string {
  const digest = createHash('sha1').update(variant).digest('base64url').slice(0, 16);
  return `W/"${version}.${digest}"`;
}

/** Strips `W/` for the weak comparison that If-None-Match uses (RFC 9110 §13.1.2). */
const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/** True when an If-None-Match header names this ETag (or is `*`). */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const wanted = opaque(etag);
  return header.split(',').some((tag) => opaque(tag) === wanted);
}

/**
 * Answers a GET whose body depends only on (version, query): 304 when the
 * client already has it, else the JSON built by `build` (called only then).
 * `no-cache` (not `no-store`) lets the browser keep the body and revalidate.
 */
export function conditionalJson(request: Request, version: string, build: () => unknown): Response {
  const url = new URL(request.url);
  const etag = etagOf(version, `${url.pathname}?${canonicalQuery(url)}`);
  const headers = { etag, 'cache-control': 'private, no-cache' };
  if (matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  return Response.json(build(), { status: 200, headers });
}

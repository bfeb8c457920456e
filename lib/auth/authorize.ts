import 'server-only';
import { clustersForGroups, FULL_ACCESS, NO_ACCESS, type ClusterAccess } from './access';
import { bearerToken, matchMachineToken } from './machine-tokens';
import type { AuthPolicy } from './policy';
import { openSession } from './session';

/** What proxy.ts knows about a request when it decides who sent it. */
export type RequestFacts = {
  pathname: string;
  search: string;
  header: (name: string) => string | null;
  cookie: (name: string) => string | undefined;
  /** The TCP peer, as the HTTP server saw it; null when unknown. */
  peerAddress: string | null;
  now: number;
};

export type Decision =
  | { kind: 'allow'; access: ClusterAccess }
  | { kind: 'unauthorized'; message: string; loginUrl: string | null };

/** Routes anyone may call: liveness and readiness probes, and the sign-in flow itself. */
export function isPublicPath(pathname: string): boolean {
  return pathname === '/api/health' || pathname === '/api/ready' || pathname === '/auth' || pathname.startsWith('/auth/');
}

/** Routes that answer JSON or metrics to programs (401), as opposed to pages for people (redirect to login). */
export function isMachinePath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || pathname === '/metrics';
}

/**
 * Who sent this request and which clusters they may read. The one place
 * sign-in is enforced: a machine token wins when one is presented (a wrong one
 * is refused, never passed on to other methods); then the mode's own proof.
 */
export function authorizeRequest(facts: RequestFacts, policy: AuthPolicy): Decision {
  if (policy.mode === 'none') return { kind: 'allow', access: FULL_ACCESS };
  const presented = bearerToken(facts.header('authorization'));
  if (presented !== null) {
    const token = matchMachineToken(presented, policy.tokens);
    if (token) return { kind: 'allow', access: { user: token.name, via: 'token', clusters: token.clusters } };
    return { kind: 'unauthorized', message: 'the bearer token is not one this dashboard knows', loginUrl: null };
  }
  if (isPublicPath(facts.pathname)) return { kind: 'allow', access: NO_ACCESS };
  if (policy.mode === 'proxy') {
    const identity = proxyIdentity(facts, policy.proxy);
    if (identity) return { kind: 'allow', access: { user: identity.user, via: 'proxy', clusters: clustersForGroups(identity.groups, policy.access) } };
    return { kind: 'unauthorized', message: 'sign in through the authenticating proxy in front of this dashboard', loginUrl: null };
  }
  const session = openSession(facts.cookie(policy.oidc.sessionCookie), policy.oidc, facts.now);
  if (session) return { kind: 'allow', access: { user: session.user, via: 'oidc', clusters: clustersForGroups(session.groups, policy.access) } };
  const returnTo = `${facts.pathname}${facts.search}`;
  return { kind: 'unauthorized', message: 'sign in first: no valid session (it is missing, expired or not ours)', loginUrl: `${policy.oidc.config.externalUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}` };
}

/** IPv4 peers on a dual-stack socket appear as ::ffff:a.b.c.d. */
export function normalizeAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice('::ffff:'.length) : lower;
}

/** The proxy's identity headers, believed only when the connection itself comes from a configured proxy address. */
function proxyIdentity(facts: RequestFacts, config: { proxyAddresses: readonly string[]; userHeader: string; groupsHeader: string }) {
  if (facts.peerAddress === null) return null;
  const peer = normalizeAddress(facts.peerAddress);
  if (!config.proxyAddresses.some((address) => normalizeAddress(address) === peer)) return null;
  const user = facts.header(config.userHeader)?.trim();
  if (!user) return null;
  const groups = (facts.header(config.groupsHeader) ?? '')
    .split(',')
    .map((group) => group.trim())
    .filter((group) => group !== '');
  return { user, groups };
}

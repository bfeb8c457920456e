import { NextResponse, type NextRequest } from 'next/server';
import { ACCESS_HEADER, encodeAccess } from '@/lib/auth/access';
import { authorizeRequest, isMachinePath } from '@/lib/auth/authorize';
import { peerAddressOf, PEER_HEADER } from '@/lib/auth/peer-address';
import { authPolicy } from '@/lib/auth/runtime';
import { allowedHostsFrom } from '@/lib/security/allowed-hosts';
import { contentSecurityPolicy, newNonce } from '@/lib/security/csp';
import { refuseRequest } from '@/lib/security/request-guard';

const allowedHosts = allowedHostsFrom(process.env);

/**
 * Runs before every route: refuses foreign Host names, methods no route has and
 * undecodable paths; decides who is asking and which clusters they may read
 * (passed on in a request header only this function writes); gives every page
 * a Content-Security-Policy with a fresh nonce (Next reads it from the request
 * and puts it on its scripts).
 */
export function proxy(request: NextRequest) {
  const refusal = refuseRequest({ method: request.method, host: request.headers.get('host'), pathname: request.nextUrl.pathname }, allowedHosts);
  if (refusal) return errorResponse(refusal.status, refusal.code, refusal.message, refusal.headers);

  const policy = authPolicy();
  if (!policy.ok) return errorResponse(503, 'not_ready', 'Sign-in is misconfigured; see the server log.');
  const decision = authorizeRequest(
    {
      pathname: request.nextUrl.pathname,
      search: request.nextUrl.search,
      header: (name) => request.headers.get(name),
      cookie: (name) => request.cookies.get(name)?.value,
      peerAddress: peerAddressOf((name) => request.headers.get(name)),
      now: Date.now(),
    },
    policy.policy,
  );
  if (decision.kind === 'unauthorized') {
    if (decision.loginUrl && !isMachinePath(request.nextUrl.pathname)) return NextResponse.redirect(decision.loginUrl, 303);
    return errorResponse(401, 'unauthorized', decision.message, { 'www-authenticate': 'Bearer realm="clusterscope"' });
  }

  const nonce = newNonce();
  const policyText = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policyText);
  // Overwrites anything a client sent under these names: routes believe only what was decided here.
  requestHeaders.set(ACCESS_HEADER, encodeAccess(decision.access));
  requestHeaders.delete(PEER_HEADER);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policyText);
  return response;
}

function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return NextResponse.json({ error: { code, message } }, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

export const config = {
  // Static build output carries no data and needs no nonce; everything else passes the checks.
  matcher: ['/((?!_next/static|_next/image|favicon.svg).*)'],
};

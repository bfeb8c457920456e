import { NextResponse, type NextRequest } from 'next/server';
import { allowedHostsFrom } from '@/lib/security/allowed-hosts';
import { contentSecurityPolicy, newNonce } from '@/lib/security/csp';
import { refuseRequest } from '@/lib/security/request-guard';

const allowedHosts = allowedHostsFrom(process.env);

/**
 * Runs before every route: refuses foreign Host names, methods no route has and
 * undecodable paths; gives every page a Content-Security-Policy with a fresh nonce
 * (Next reads it from the request and puts it on its scripts).
 */
export function proxy(request: NextRequest) {
  const refusal = refuseRequest({ method: request.method, host: request.headers.get('host'), pathname: request.nextUrl.pathname }, allowedHosts);
  if (refusal) {
    return NextResponse.json(
      { error: { code: refusal.code, message: refusal.message } },
      { status: refusal.status, headers: { 'cache-control': 'no-store', ...refusal.headers } },
    );
  }
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Static build output carries no data and needs no nonce; everything else passes the checks.
  matcher: ['/((?!_next/static|_next/image|favicon.svg).*)'],
};

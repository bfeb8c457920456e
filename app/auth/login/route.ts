import { NextResponse } from 'next/server';
import { beginLogin } from '@/lib/auth/oidc';
import { oidcOrAnswer, plainText } from '@/lib/auth/respond';
import { cookieOptions, LOGIN_TIMEOUT_MS, sealLoginState } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

/** Starts a login: remembers state, nonce and PKCE verifier in a sealed cookie, and sends the browser to the provider. */
export async function GET(request: Request): Promise<Response> {
  const settings = oidcOrAnswer();
  if (!settings.ok) return settings.response;
  const { oidc } = settings;
  try {
    const { authorizationUrl, state } = await beginLogin(oidc, new URL(request.url).searchParams.get('returnTo'), Date.now());
    const response = NextResponse.redirect(authorizationUrl, 303);
    response.cookies.set(oidc.loginCookie, sealLoginState(state, oidc), cookieOptions(oidc, LOGIN_TIMEOUT_MS));
    response.headers.set('cache-control', 'no-store');
    return response;
  } catch (error) {
    console.error('[clusterscope] sign-in: cannot reach the OpenID Provider:', error instanceof Error ? error.message : error);
    return plainText(502, 'Sign-in is unavailable: the OpenID Provider cannot be reached. Try again in a minute; the server log says why.');
  }
}

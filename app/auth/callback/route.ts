import { NextResponse, type NextRequest } from 'next/server';
import { completeLogin } from '@/lib/auth/oidc';
import { oidcOrAnswer, plainText } from '@/lib/auth/respond';
import { cookieOptions, openLoginState, sealSession } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

/** The provider's redirect back: checks it against the login in progress, then starts the session. */
export async function GET(request: NextRequest): Promise<Response> {
  const settings = oidcOrAnswer();
  if (!settings.ok) return settings.response;
  const { oidc } = settings;
  const now = Date.now();
  const login = openLoginState(request.cookies.get(oidc.loginCookie)?.value, oidc, now);
  if (!login) return plainText(400, 'This sign-in has expired or was not started here. Open the dashboard again to sign in.');
  const outcome = await completeLogin(oidc, request.nextUrl.search, login, now);
  if (!outcome.ok) {
    console.error(`[clusterscope] sign-in failed: ${outcome.message}`);
    return plainText(401, 'Sign-in failed; open the dashboard again to retry. The server log says why.');
  }
  console.log(`[clusterscope] signed in: ${JSON.stringify(outcome.session.user)} (groups ${JSON.stringify(outcome.session.groups)})`);
  const response = NextResponse.redirect(`${oidc.config.externalUrl}${outcome.returnTo}`, 303);
  response.cookies.set(oidc.sessionCookie, sealSession(outcome.session, oidc), cookieOptions(oidc, outcome.session.expiresAt - now));
  response.cookies.set(oidc.loginCookie, '', cookieOptions(oidc, 0));
  response.headers.set('cache-control', 'no-store');
  return response;
}

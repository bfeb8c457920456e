import { oidcOrAnswer, plainText } from '@/lib/auth/respond';
import { cookieOptions } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

/**
 * Ends the session in this browser. The session lives only in its cookie, so
 * this is the whole of it here; the provider's own session is the provider's.
 */
export function GET(): Response {
  const settings = oidcOrAnswer();
  if (!settings.ok) return settings.response;
  const { oidc } = settings;
  const response = plainText(200, 'Signed out of Clusterscope. Open the dashboard again to sign in.');
  response.cookies.set(oidc.sessionCookie, '', cookieOptions(oidc, 0));
  response.cookies.set(oidc.loginCookie, '', cookieOptions(oidc, 0));
  return response;
}

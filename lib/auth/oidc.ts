import 'server-only';
import * as client from 'openid-client';
import type { OidcSettings } from './policy';
import { isLoopbackBind } from './policy';
import { LOGIN_TIMEOUT_MS, safeReturnPath, type LoginState, type Session } from './session';

/**
 * The OpenID Connect authorization code flow with PKCE, through openid-client:
 * discovery, the redirect to the provider, and the callback that turns a code
 * into a session. Tokens themselves are not kept; the session holds who and which groups.
 */

const discovered = new Map<string, Promise<client.Configuration>>();
const DISCOVERY_TIMEOUT_S = 10;

/** The provider's metadata, read once per process (again after a failure). */
function providerConfiguration(oidc: OidcSettings): Promise<client.Configuration> {
  const key = `${oidc.config.issuer} ${oidc.config.clientId}`;
  let pending = discovered.get(key);
  if (!pending) {
    const issuer = new URL(oidc.config.issuer);
    // Plain http only for a provider on this machine (tests, a local dev provider); anywhere else it must be https.
    const insecure = issuer.protocol === 'http:' && isLoopbackBind(issuer.hostname.replace(/^\[|\]$/g, ''));
    pending = client.discovery(issuer, oidc.config.clientId, oidc.clientSecret, undefined, {
      execute: insecure ? [client.allowInsecureRequests] : [],
      timeout: DISCOVERY_TIMEOUT_S,
    });
    pending.catch(() => discovered.delete(key));
    discovered.set(key, pending);
  }
  return pending;
}

/** Where to send the browser, and the login state to keep (sealed) in a cookie until it comes back. */
export async function beginLogin(oidc: OidcSettings, returnTo: string | null, now: number): Promise<{ authorizationUrl: URL; state: LoginState }> {
  const configuration = await providerConfiguration(oidc);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state: LoginState = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier,
    returnTo: safeReturnPath(returnTo),
    expiresAt: now + LOGIN_TIMEOUT_MS,
  };
  const authorizationUrl = client.buildAuthorizationUrl(configuration, {
    redirect_uri: oidc.redirectUri,
    scope: oidc.config.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: state.state,
    nonce: state.nonce,
  });
  return { authorizationUrl, state };
}

export type LoginOutcome = { ok: true; session: Session; returnTo: string } | { ok: false; message: string };

/**
 * The provider's redirect back: checks state, nonce and the PKCE verifier
 * (openid-client), exchanges the code, and reads the user and their groups.
 * `search` is the callback's query; the URL it is checked against is the
 * configured redirect URI, never the request's own Host.
 */
export async function completeLogin(oidc: OidcSettings, search: string, login: LoginState, now: number): Promise<LoginOutcome> {
  try {
    const configuration = await providerConfiguration(oidc);
    const callbackUrl = new URL(oidc.redirectUri);
    callbackUrl.search = search;
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) return { ok: false, message: 'the provider sent no ID token' };
    let groups = groupsFrom(claims[oidc.config.groupsClaim]);
    if (groups === null) {
      // Many providers put groups only in userinfo.
      const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      groups = groupsFrom(userInfo[oidc.config.groupsClaim]) ?? [];
    }
    const user = [claims.preferred_username, claims.email, claims.sub].find((value): value is string => typeof value === 'string' && value !== '') ?? claims.sub;
    return {
      ok: true,
      session: { user: user.slice(0, 512), groups: groups.slice(0, 500), issuedAt: now, expiresAt: now + oidc.config.sessionMaxAge },
      returnTo: login.returnTo,
    };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A groups claim: a list of names, or one name; anything else is no claim. */
function groupsFrom(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string' && group.length <= 512);
  return null;
}

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import { proxy } from '@/proxy';
import { GET as callback } from '@/app/auth/callback/route';
import { GET as login } from '@/app/auth/login/route';
import { GET as logout } from '@/app/auth/logout/route';
import { ACCESS_HEADER, decodeAccess, type ClusterAccess } from './access';
import { authConfigSchema } from './config';
import { resolveAuthPolicy, type OidcSettings } from './policy';
import { installAuthPolicy } from './runtime';
import { TEST_CLIENT, startTestProvider, type TestProvider } from './testing/test-provider';

/**
 * The OIDC sign-in against a real OpenID Provider (oidc-provider, on loopback,
 * port chosen by the OS): login, callback, session, expiry, tampering, logout.
 * The dashboard side runs in-process: the /auth route handlers and proxy.ts.
 */
const DASHBOARD = 'http://127.0.0.1:3999';
const env = { CLUSTERSCOPE_TEST_CLIENT_SECRET: TEST_CLIENT.secret, CLUSTERSCOPE_TEST_SESSION_KEY: 'k'.repeat(48), HOSTNAME: '0.0.0.0' };

let provider: TestProvider;
let oidc: OidcSettings;

beforeAll(async () => {
  provider = await startTestProvider(`${DASHBOARD}/auth/callback`);
  const auth = authConfigSchema.parse({
    mode: 'oidc',
    issuer: provider.issuer,
    clientId: TEST_CLIENT.id,
    clientSecretEnv: 'CLUSTERSCOPE_TEST_CLIENT_SECRET',
    externalUrl: DASHBOARD,
    sessionKeyEnv: 'CLUSTERSCOPE_TEST_SESSION_KEY',
    sessionMaxAge: '1h',
    access: [
      { group: 'ops', clusters: ['*'] },
      { group: 'team-a', clusters: ['alpha'] },
    ],
  });
  const resolved = resolveAuthPolicy({ auth, file: 'test.yaml', env });
  if (!resolved.ok || resolved.policy.mode !== 'oidc') throw new Error(resolved.ok ? 'not oidc' : resolved.message);
  oidc = resolved.policy.oidc;
  installAuthPolicy(resolved);
});

afterAll(async () => {
  installAuthPolicy(resolveAuthPolicy({ auth: undefined, file: null, env: {} }));
  await provider?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A cookie jar for the browser's side of the provider's pages. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

function cookieValue(response: Response, name: string): string | undefined {
  for (const line of response.headers.getSetCookie()) {
    if (line.startsWith(`${name}=`)) return line.slice(name.length + 1).split(';')[0];
  }
  return undefined;
}

/** Follows the provider's redirects and fills its login and consent forms, until it sends the browser back to the dashboard. */
async function signInAtProvider(authorizationUrl: string, user: string): Promise<string> {
  const jar = new Jar();
  let next: { url: string; init?: RequestInit } = { url: authorizationUrl };
  for (let step = 0; step < 12; step += 1) {
    const response = await fetch(next.url, { ...next.init, redirect: 'manual', headers: { ...(next.init?.headers ?? {}), cookie: jar.header() } });
    jar.take(response);
    const location = response.headers.get('location');
    if (location) {
      const target = new URL(location, next.url).toString();
      if (target.startsWith(DASHBOARD)) return target;
      next = { url: target };
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected provider page (${response.status}): ${html.slice(0, 300)}`);
    const form: Record<string, string> = prompt === 'login' ? { prompt, login: user, password: 'any' } : { prompt };
    next = {
      url: new URL(action, next.url).toString(),
      init: { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    };
  }
  throw new Error('the provider did not send the browser back within 12 steps');
}

/** The whole login for `user`, starting from a page they asked for: the session cookie and where the dashboard sends them. */
async function signIn(user: string, returnTo = '/clusters/alpha/sync') {
  const started = await login(new Request(`${DASHBOARD}/auth/login?returnTo=${encodeURIComponent(returnTo)}`));
  expect(started.status).toBe(303);
  const loginCookie = cookieValue(started, oidc.loginCookie)!;
  expect(loginCookie).toMatch(/^v1\./);
  const authorizationUrl = new URL(started.headers.get('location')!);
  expect(authorizationUrl.origin).toBe(provider.issuer);
  expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
  const back = await signInAtProvider(authorizationUrl.toString(), user);
  const finished = await callback(new NextRequest(back, { headers: { cookie: `${oidc.loginCookie}=${loginCookie}` } }));
  return { finished, session: cookieValue(finished, oidc.sessionCookie), loginCookie, back };
}

/** What proxy.ts decides for a request with this cookie: the access handed to routes, or its refusal. */
function through(path: string, cookie?: string): { status: number; location: string | null; access: ClusterAccess | null } {
  const headers: Record<string, string> = { host: '127.0.0.1:3999' };
  if (cookie !== undefined) headers.cookie = `${oidc.sessionCookie}=${cookie}`;
  const response = proxy(new NextRequest(`${DASHBOARD}${path}`, { headers }));
  return { status: response.status, location: response.headers.get('location'), access: decodeAccess(response.headers.get(`x-middleware-request-${ACCESS_HEADER}`)) };
}

describe('sign-in with OpenID Connect (real provider)', () => {
  it('logs a user in with PKCE and gives them exactly the clusters their groups allow', async () => {
    const bob = await signIn('bob');
    expect(bob.finished.status).toBe(303);
    expect(bob.finished.headers.get('location')).toBe(`${DASHBOARD}/clusters/alpha/sync`);
    const setCookie = bob.finished.headers.getSetCookie().find((line) => line.startsWith(`${oidc.sessionCookie}=`))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    expect(setCookie).toMatch(/Max-Age=3600/);
    expect(through('/api/clusters', bob.session).access).toEqual({ user: 'bob', via: 'oidc', clusters: ['alpha'] });

    const alice = await signIn('alice', '/');
    expect(through('/metrics', alice.session).access).toEqual({ user: 'alice', via: 'oidc', clusters: '*' });
  });

  it('sends pages without a session to login and answers APIs 401', () => {
    const page = through('/clusters/alpha/sync?link=a');
    expect(page.status).toBe(303);
    expect(page.location).toBe(`${DASHBOARD}/auth/login?returnTo=${encodeURIComponent('/clusters/alpha/sync?link=a')}`);
    for (const path of ['/api/clusters', '/api/findings', '/metrics']) expect(through(path).status).toBe(401);
    // Probes and the login itself stay reachable.
    expect(through('/api/health').status).toBe(200);
    expect(through('/api/health').access?.clusters).toEqual([]);
    expect(through('/auth/login').status).toBe(200);
  });

  it('refuses a forged, tampered or expired session cookie', async () => {
    const { session } = await signIn('bob');
    const bytes = Buffer.from(session!.slice(3), 'base64url');
    bytes[20] ^= 1;
    const tampered = `v1.${bytes.toString('base64url')}`;
    const forged = `v1.${Buffer.from(JSON.stringify({ user: 'mallory', groups: ['ops'], issuedAt: 0, expiresAt: 9e15 })).toString('base64url')}`;
    for (const cookie of [tampered, forged, 'garbage', `${session}x`]) expect(through('/api/clusters', cookie).status).toBe(401);
    expect(through('/api/clusters', session).status).toBe(200);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_600_000 + 1000);
    expect(through('/api/clusters', session).status).toBe(401);
    expect(through('/clusters/alpha').status).toBe(303);
  });

  it('refuses a callback without the login cookie, with another login’s state, or replayed', async () => {
    const first = await signIn('bob');
    // The same code again: the provider refuses it, so no second session.
    const replayed = await callback(new NextRequest(first.back, { headers: { cookie: `${oidc.loginCookie}=${first.loginCookie}` } }));
    expect(replayed.status).toBe(401);
    expect(cookieValue(replayed, oidc.sessionCookie)).toBeUndefined();
    const noCookie = await callback(new NextRequest(first.back));
    expect(noCookie.status).toBe(400);

    const started = await login(new Request(`${DASHBOARD}/auth/login`));
    const otherLogin = cookieValue(started, oidc.loginCookie)!;
    const back = await signInAtProvider(started.headers.get('location')!, 'bob');
    const crossed = await callback(new NextRequest(back, { headers: { cookie: `${oidc.loginCookie}=${first.loginCookie}` } }));
    expect(crossed.status).toBe(401);
    const matched = await callback(new NextRequest(back, { headers: { cookie: `${oidc.loginCookie}=${otherLogin}` } }));
    expect(matched.status).toBe(303);
  });

  it('never sends a user off the dashboard after login', async () => {
    for (const returnTo of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', '/auth/logout']) {
      const { finished } = await signIn('bob', returnTo);
      expect(finished.headers.get('location')).toBe(`${DASHBOARD}/`);
    }
  });

  it('logs out by clearing the session cookie', async () => {
    const response = logout();
    expect(response.status).toBe(200);
    const cleared = response.headers.getSetCookie().find((line) => line.startsWith(`${oidc.sessionCookie}=`))!;
    expect(cleared).toMatch(/Max-Age=0/);
    expect(cookieValue(response, oidc.sessionCookie)).toBe('');
  });
});

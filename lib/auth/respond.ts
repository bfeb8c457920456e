import 'server-only';
import { NextResponse } from 'next/server';
import { authPolicy } from './runtime';
import type { OidcSettings } from './policy';

/** Sign-in pages answer people, in plain text: nothing in them can run. */
export function plainText(status: number, text: string): NextResponse {
  return new NextResponse(`${text}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}

/** The OIDC settings, or the answer to give when this process does not sign in with OIDC. */
export function oidcOrAnswer(): { ok: true; oidc: OidcSettings } | { ok: false; response: NextResponse } {
  const result = authPolicy();
  if (result.ok && result.policy.mode === 'oidc') return { ok: true, oidc: result.policy.oidc };
  const message = result.ok ? `sign-in here is "${result.policy.mode}": there is no OpenID Connect login` : 'sign-in is misconfigured; see the server log';
  return { ok: false, response: NextResponse.json({ error: { code: 'not_found', message } }, { status: 404, headers: { 'cache-control': 'no-store' } }) };
}

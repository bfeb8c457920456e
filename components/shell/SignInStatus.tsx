import 'server-only';
import { headers } from 'next/headers';
import { accessOfRequest } from '@/lib/auth/request-access';
import { authPolicy } from '@/lib/auth/runtime';

/**
 * The header's account corner: who is signed in (and a way out), or a plain
 * mark that this dashboard has no sign-in, so nobody mistakes it for a protected one.
 */
export async function SignInStatus() {
  const policy = authPolicy();
  if (!policy.ok) return null;
  if (policy.policy.mode === 'none') {
    return (
      <span className="app-header__sign-in app-header__sign-in--open" title="Anyone who can reach this dashboard sees every cluster">
        {policy.policy.mark === 'demo' ? 'demo, no sign-in' : 'no sign-in'}
      </span>
    );
  }
  const access = accessOfRequest(await headers());
  return (
    <span className="app-header__sign-in">
      <span aria-label="Signed in as">{access.user ?? 'unknown user'}</span>
      {/* A plain link: a route handler, not a page, and never prefetched. */}
      {policy.policy.mode === 'oidc' ? <a href="/auth/logout">Sign out</a> : null}
    </span>
  );
}

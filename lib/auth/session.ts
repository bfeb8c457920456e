import 'server-only';
import { z } from '@/lib/contract/zod';
import type { OidcSettings } from './policy';
import { seal, unseal } from './sealed-cookie';

/** What the session cookie carries: who signed in, their groups, and when the session ends. */
const sessionSchema = z.object({
  user: z.string().min(1).max(512),
  groups: z.array(z.string().max(512)).max(500),
  issuedAt: z.number(),
  expiresAt: z.number(),
});
export type Session = z.infer<typeof sessionSchema>;

/** A login in progress, between the redirect to the provider and its callback. */
const loginStateSchema = z.object({
  state: z.string().min(16),
  nonce: z.string().min(16),
  codeVerifier: z.string().min(43),
  returnTo: z.string(),
  expiresAt: z.number(),
});
export type LoginState = z.infer<typeof loginStateSchema>;

const SESSION_PURPOSE = 'session';
const LOGIN_PURPOSE = 'login';
/** Time allowed at the provider's login page. */
export const LOGIN_TIMEOUT_MS = 10 * 60_000;

export function sealSession(session: Session, oidc: OidcSettings): string {
  return seal(session, oidc.key, SESSION_PURPOSE);
}

/** The session, or null when there is none, it does not decrypt, or it has expired. */
export function openSession(cookie: string | undefined, oidc: OidcSettings, now: number): Session | null {
  const parsed = sessionSchema.safeParse(unseal(cookie, oidc.key, SESSION_PURPOSE));
  if (!parsed.success || parsed.data.expiresAt <= now) return null;
  return parsed.data;
}

export function sealLoginState(state: LoginState, oidc: OidcSettings): string {
  return seal(state, oidc.key, LOGIN_PURPOSE);
}

export function openLoginState(cookie: string | undefined, oidc: OidcSettings, now: number): LoginState | null {
  const parsed = loginStateSchema.safeParse(unseal(cookie, oidc.key, LOGIN_PURPOSE));
  if (!parsed.success || parsed.data.expiresAt <= now) return null;
  return parsed.data;
}

/** Where to go after login: only a path on this dashboard (never "//host" or "/\host"), never back into /auth. */
export function safeReturnPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || raw.startsWith('/auth/') || raw.length > 2048) return '/';
  return /[\u0000-\u001f\u007f]/.test(raw) ? '/' : raw;
}

/** Set-Cookie attributes: HttpOnly always, Secure unless plain http on loopback, SameSite=Lax so the provider's redirect back carries it. */
export function cookieOptions(oidc: OidcSettings, maxAgeMs: number) {
  return { httpOnly: true, secure: oidc.secureCookies, sameSite: 'lax' as const, path: '/', maxAge: Math.max(0, Math.floor(maxAgeMs / 1000)) };
}

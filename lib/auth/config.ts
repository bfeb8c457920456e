import { z } from '@/lib/contract/zod';
import { durationSchema } from '@/lib/config/duration';

/**
 * `auth` in the config: who may open the dashboard and which clusters each may
 * see. Secrets (client secret, session key, machine tokens) are never written
 * here: the config names the environment variable that holds each.
 */

const envName = (what: string) =>
  z.string({ error: `expected the name of the environment variable that holds ${what}` }).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
    error: `expected an environment variable name (letters, digits, "_"), not the ${what} itself`,
  });

/** A cluster name, or "*" for every cluster. */
const clusterPattern = z.string().regex(/^(\*|[a-z0-9][a-z0-9._-]{0,62})$/, { error: 'expected a cluster name or "*"' });

/** Members of `group` may see `clusters`; a user sees the union over their groups. */
const accessRuleSchema = z.strictObject({
  group: z.string().min(1).max(256),
  clusters: z.array(clusterPattern).min(1),
});

/** A machine client (a /metrics scraper, an API client): its bearer token lives in `tokenEnv`. */
const machineTokenSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'expected a short name (letters, digits, ".", "_", "-")' }),
  tokenEnv: envName('the token'),
  clusters: z.array(clusterPattern).min(1),
});

const common = {
  access: z.array(accessRuleSchema).max(1000).default([]),
  tokens: z.array(machineTokenSchema).max(100).default([]),
};

const absoluteUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `expected the ${what} as an absolute http(s) URL` }).transform((url) => url.replace(/\/+$/, ''));

export const oidcAuthSchema = z.strictObject({
  mode: z.literal('oidc'),
  /** The OpenID Provider; its discovery document is read from <issuer>/.well-known/openid-configuration. */
  issuer: absoluteUrl('issuer'),
  clientId: z.string().min(1).max(256),
  clientSecretEnv: envName('the client secret'),
  /** Where browsers reach the dashboard; the redirect URI is <externalUrl>/auth/callback. */
  externalUrl: absoluteUrl('external URL of the dashboard'),
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/)).min(1).default(['openid', 'profile', 'email', 'groups']),
  /** The ID token (or userinfo) claim that lists the user's groups. */
  groupsClaim: z.string().min(1).max(256).default('groups'),
  /** At least 32 characters of random text; the session cookie is encrypted with a key derived from it. */
  sessionKeyEnv: envName('the session key'),
  sessionMaxAge: durationSchema(60_000, 7 * 86_400_000).default(8 * 3_600_000),
  ...common,
});

export const proxyAuthSchema = z.strictObject({
  mode: z.literal('proxy'),
  /** Peer addresses (the TCP connection's, not X-Forwarded-For) whose identity headers are believed. */
  proxyAddresses: z.array(z.union([z.ipv4(), z.ipv6()], { error: 'expected an IP address' })).min(1),
  userHeader: z.string().regex(/^[A-Za-z0-9-]+$/).default('x-forwarded-user'),
  groupsHeader: z.string().regex(/^[A-Za-z0-9-]+$/).default('x-forwarded-groups'),
  ...common,
});

export const noAuthSchema = z.strictObject({ mode: z.literal('none') });

export const authConfigSchema = z.discriminatedUnion('mode', [oidcAuthSchema, proxyAuthSchema, noAuthSchema], {
  error: 'expected auth.mode to be "oidc", "proxy" or "none"',
});

export type AuthConfig = z.infer<typeof authConfigSchema>;
export type OidcAuthConfig = z.infer<typeof oidcAuthSchema>;
export type ProxyAuthConfig = z.infer<typeof proxyAuthSchema>;
export type AccessRule = z.infer<typeof accessRuleSchema>;
export type MachineTokenConfig = z.infer<typeof machineTokenSchema>;

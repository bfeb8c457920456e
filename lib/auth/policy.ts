import 'server-only';
import { clustersOfList } from './access';
import type { AccessRule, AuthConfig, MachineTokenConfig, OidcAuthConfig, ProxyAuthConfig } from './config';
import type { MachineToken } from './machine-tokens';
import { sealKeyFrom, type SealKey } from './sealed-cookie';

/**
 * The sign-in rules of this process, with every secret read from its
 * environment variable: decided once at start-up, so a missing secret or an
 * exposed server without sign-in stops start-up with a message instead of
 * serving everything to everyone.
 */
export type OidcSettings = {
  config: OidcAuthConfig;
  clientSecret: string;
  key: SealKey;
  /** Secure cookies (with the __Host- prefix) everywhere except http on loopback. */
  secureCookies: boolean;
  sessionCookie: string;
  loginCookie: string;
  redirectUri: string;
};

export type AuthPolicy =
  | { mode: 'none'; mark: 'demo' | 'no-sign-in' }
  | { mode: 'oidc'; oidc: OidcSettings; access: readonly AccessRule[]; tokens: readonly MachineToken[] }
  | { mode: 'proxy'; proxy: ProxyAuthConfig; access: readonly AccessRule[]; tokens: readonly MachineToken[] };

export type PolicyResult = { ok: true; policy: AuthPolicy } | { ok: false; message: string };

type Env = Record<string, string | undefined>;

const MIN_SESSION_KEY = 32;
const MIN_MACHINE_TOKEN = 16;

/** Names a server binds to that only this machine can reach. */
export function isLoopbackBind(hostname: string | undefined): boolean {
  const name = (hostname ?? '').trim().toLowerCase();
  return name === 'localhost' || name === '::1' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

export function resolveAuthPolicy(input: { auth: AuthConfig | undefined; file: string | null; env: Env }): PolicyResult {
  const { auth, file, env } = input;
  // The built-in demo has no data worth protecting, and the container runs it on 0.0.0.0; the header marks it.
  if (file === null) return { ok: true, policy: { mode: 'none', mark: 'demo' } };
  if (auth === undefined) {
    if (isLoopbackBind(env.HOSTNAME)) return { ok: true, policy: { mode: 'none', mark: 'no-sign-in' } };
    return {
      ok: false,
      message:
        `Refusing to start without sign-in: the server listens on ${env.HOSTNAME?.trim() || 'every interface'} and ${file} has no "auth" section, ` +
        'so anyone who reaches the port would see every cluster. Set auth: { mode: oidc } or auth: { mode: proxy } (docs/security.md), ' +
        'listen on loopback only (HOSTNAME=127.0.0.1), or write auth: { mode: none } to accept that explicitly.',
    };
  }
  if (auth.mode === 'none') return { ok: true, policy: { mode: 'none', mark: 'no-sign-in' } };
  const problems: string[] = [];
  const tokens = machineTokens(auth.tokens, env, problems);
  if (auth.mode === 'proxy') return done(problems, file, { mode: 'proxy', proxy: auth, access: auth.access, tokens });
  const oidc = oidcSettings(auth, env, problems);
  return done(problems, file, oidc ? { mode: 'oidc', oidc, access: auth.access, tokens } : null);
}

function done(problems: string[], file: string, policy: AuthPolicy | null): PolicyResult {
  if (problems.length > 0 || policy === null) return { ok: false, message: `Invalid sign-in settings in ${file}:\n${problems.map((line) => `  - ${line}`).join('\n')}` };
  return { ok: true, policy };
}

function machineTokens(configs: readonly MachineTokenConfig[], env: Env, problems: string[]): MachineToken[] {
  return configs.flatMap((token, index) => {
    const secret = env[token.tokenEnv] ?? '';
    if (secret.length < MIN_MACHINE_TOKEN) {
      problems.push(`auth.tokens[${index}] ("${token.name}"): environment variable ${token.tokenEnv} must hold a token of at least ${MIN_MACHINE_TOKEN} characters`);
      return [];
    }
    return [{ name: token.name, secret, clusters: clustersOfList(token.clusters) }];
  });
}

function oidcSettings(config: OidcAuthConfig, env: Env, problems: string[]): OidcSettings | null {
  const clientSecret = env[config.clientSecretEnv] ?? '';
  if (clientSecret === '') problems.push(`auth.clientSecretEnv: environment variable ${config.clientSecretEnv} (the OIDC client secret) is not set`);
  const sessionKey = env[config.sessionKeyEnv] ?? '';
  if (sessionKey.length < MIN_SESSION_KEY) {
    problems.push(`auth.sessionKeyEnv: environment variable ${config.sessionKeyEnv} must hold at least ${MIN_SESSION_KEY} characters of random text (e.g. openssl rand -base64 32)`);
  }
  const issuer = new URL(config.issuer);
  if (issuer.protocol !== 'https:' && !isLoopbackBind(issuer.hostname.replace(/^\[|\]$/g, ''))) {
    problems.push(`auth.issuer: ${config.issuer} is plain http on a non-loopback name; the provider must be reached over https`);
  }
  const external = new URL(config.externalUrl);
  const secureCookies = external.protocol === 'https:';
  if (!secureCookies && !isLoopbackBind(external.hostname)) {
    problems.push(`auth.externalUrl: ${config.externalUrl} is plain http on a non-loopback name; session cookies must travel over https`);
  }
  if (problems.length > 0) return null;
  return {
    config,
    clientSecret,
    key: sealKeyFrom(sessionKey),
    secureCookies,
    // __Host- cookies are only accepted with Secure, Path=/ and no Domain: no subdomain can plant one.
    sessionCookie: secureCookies ? '__Host-clusterscope-session' : 'clusterscope-session',
    loginCookie: secureCookies ? '__Host-clusterscope-login' : 'clusterscope-login',
    redirectUri: `${config.externalUrl}/auth/callback`,
  };
}


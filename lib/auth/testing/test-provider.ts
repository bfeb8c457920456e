import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID Provider (the certified `oidc-provider` package) on loopback,
 * for sign-in tests: one confidential client that must use PKCE, and users
 * whose `groups` claim decides what they may see. Its development login page
 * accepts any password for a known user.
 */
export const TEST_CLIENT = { id: 'clusterscope', secret: 'test-client-secret-that-is-long-enough' };

export const TEST_USERS: Record<string, { groups: string[] }> = {
  alice: { groups: ['ops'] },
  bob: { groups: ['team-a'] },
};

export type TestProvider = { issuer: string; close: () => Promise<void> };

export async function startTestProvider(redirectUri: string, options: { port?: number } = {}): Promise<TestProvider> {
  const server = http.createServer();
  // Port 0 unless a test needs a fixed one: the OS picks a free port.
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'email', 'groups'],
    claims: { openid: ['sub'], profile: ['preferred_username'], groups: ['groups'] },
    findAccount: (_context: unknown, id: string) =>
      TEST_USERS[id]
        ? { accountId: id, claims: async () => ({ sub: id, preferred_username: id, groups: TEST_USERS[id].groups }) }
        : undefined,
    cookies: { keys: ['test-provider-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

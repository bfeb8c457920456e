import 'server-only';
import { loadClusterConfig } from '@/lib/config/load';
import { resolveAuthPolicy, type PolicyResult } from './policy';

/**
 * The sign-in policy of this process, on globalThis: start-up decides it (and
 * stops on an error); proxy.ts and the /auth routes, bundled apart, read it.
 * If a request arrives before start-up decided, it is decided here the same way.
 */
const globalSlot = globalThis as typeof globalThis & { __clusterscopeAuth?: PolicyResult };

export function installAuthPolicy(result: PolicyResult): void {
  globalSlot.__clusterscopeAuth = result;
}

export function authPolicy(): PolicyResult {
  globalSlot.__clusterscopeAuth ??= policyFromEnvironment(process.env);
  return globalSlot.__clusterscopeAuth;
}

export function policyFromEnvironment(env: Record<string, string | undefined>): PolicyResult {
  const file = env.CLUSTER_CONFIG?.trim();
  if (!file) return resolveAuthPolicy({ auth: undefined, file: null, env });
  const loaded = loadClusterConfig(file);
  if (!loaded.ok) return { ok: false, message: loaded.message };
  return resolveAuthPolicy({ auth: loaded.config.auth, file: loaded.file, env });
}

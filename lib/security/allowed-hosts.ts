/**
 * Which Host names the dashboard answers to. A browser tricked into resolving
 * an attacker's name to a loopback or internal address (DNS rebinding) sends
 * that name as Host; answering only to known names keeps such pages from
 * reading the dashboard. Default: localhost, 127.0.0.1, [::1] and the name
 * the server binds to; more from CLUSTERSCOPE_ALLOWED_HOSTS (comma-separated,
 * "name" for any port or "name:port").
 */
export const ALLOWED_HOSTS_ENV = 'CLUSTERSCOPE_ALLOWED_HOSTS';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
/** Bind addresses that mean "every interface": they name no host a browser would use. */
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '[::]', '']);

export type AllowedHosts = { names: ReadonlySet<string>; hostPorts: ReadonlySet<string> };

export function allowedHostsFrom(env: Record<string, string | undefined>): AllowedHosts {
  const names = new Set(LOOPBACK_NAMES);
  const hostPorts = new Set<string>();
  const bind = (env.HOSTNAME ?? '').trim().toLowerCase();
  if (!WILDCARD_BINDS.has(bind)) names.add(bind.includes(':') && !bind.startsWith('[') ? `[${bind}]` : bind);
  for (const raw of (env[ALLOWED_HOSTS_ENV] ?? '').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (/(\]|^[^:[\]]+):\d{1,5}$/.test(entry)) hostPorts.add(entry);
    else names.add(entry);
  }
  return { names, hostPorts };
}

/** True when a request's Host header names this dashboard. */
export function isAllowedHost(hostHeader: string | null, allowed: AllowedHosts): boolean {
  if (hostHeader === null) return false;
  const host = hostHeader.trim().toLowerCase();
  if (allowed.hostPorts.has(host)) return true;
  const name = host.replace(/:\d{1,5}$/, '');
  return allowed.names.has(name);
}

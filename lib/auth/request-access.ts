import 'server-only';
import { ACCESS_HEADER, decodeAccess, FULL_ACCESS, NO_ACCESS, type ClusterAccess } from './access';
import { authPolicy } from './runtime';

/**
 * The access proxy.ts decided for this request. Without its header (a handler
 * called directly, as in unit tests) only a process without sign-in reads everything.
 */
export function accessOfRequest(headers: { get(name: string): string | null }): ClusterAccess {
  const decided = decodeAccess(headers.get(ACCESS_HEADER));
  if (decided) return decided;
  const policy = authPolicy();
  return policy.ok && policy.policy.mode === 'none' ? FULL_ACCESS : NO_ACCESS;
}

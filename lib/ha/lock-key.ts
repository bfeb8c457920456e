import { createHash } from 'node:crypto';

/**
 * The advisory lock key of a cluster: the first 8 bytes of
 * sha256('clusterscope:' + name), as a signed 64-bit integer in decimal (what
 * pg_try_advisory_lock(bigint) takes). Same name, same key, on every replica and version.
 */
export function clusterLockKey(cluster: string): string {
  const digest = createHash('sha256').update(`clusterscope:${cluster}`, 'utf8').digest();
  return digest.readBigInt64BE(0).toString();
}

import type { TargetConfig } from '@/lib/config/schema';
import { NativeAdapter } from './native';
import { createRedisAdapter, discoverRedisTargets } from './redis';
import type { AdapterContext, SourceAdapter } from './types';

/** One adapter per target, chosen by its kind. */
export function createAdapter(target: TargetConfig, context: AdapterContext): SourceAdapter {
  switch (target.kind) {
    case 'native':
      return new NativeAdapter(target);
    case 'redis':
      return createRedisAdapter(target, context);
    default: {
      const exhausted: never = target;
      throw new Error(`unknown target kind in ${JSON.stringify(exhausted)}`);
    }
  }
}

/**
 * Expands seeds (redis `discover: true`) into every member the cluster itself
 * reports; other targets pass through. Duplicates (a member also listed by
 * hand) keep the first occurrence.
 */
export async function expandTargets(
  targets: readonly TargetConfig[],
  options: { timeoutMs: number },
): Promise<{ targets: TargetConfig[]; errors: string[] }> {
  const expanded: TargetConfig[] = [];
  const errors: string[] = [];
  const seenIds = new Set<string>();
  const seenAddresses = new Set<string>();
  const add = (target: TargetConfig) => {
    const address = target.kind === 'native' ? target.url : target.address;
    if (seenIds.has(target.id) || seenAddresses.has(address)) return;
    seenIds.add(target.id);
    seenAddresses.add(address);
    expanded.push(target);
  };
  for (const target of targets) {
    if (target.kind !== 'redis' || !target.discover) {
      add(target);
      continue;
    }
    const discovered = await discoverRedisTargets(target, options);
    if (discovered.error) errors.push(`${target.id}: ${discovered.error}`);
    discovered.targets.forEach(add);
  }
  return { targets: expanded, errors };
}

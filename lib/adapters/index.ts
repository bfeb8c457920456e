import { guardedAdapter } from './guarded';
import type { SourceKind } from './kind';
import { nativeSource } from './native';
import { olricSource } from './olric';
import { pegasusSource } from './pegasus';
import { redisSource } from './redis';
import { goquaiSource } from './goquai';
import { configuredSecrets, createRedactor } from './redact';
import type { TargetConfig, TargetKind } from './targets';
import type { AdapterContext, SourceAdapter } from './types';

type SourceKinds = { [Kind in TargetKind]: SourceKind<Extract<TargetConfig, { kind: Kind }>> };

/** Every source kind, by the `kind` its targets carry. The type makes it complete. */
export const SOURCE_KINDS: SourceKinds = {
  native: nativeSource,
  redis: redisSource,
  olric: olricSource,
  pegasus: pegasusSource,
  goquai: goquaiSource,
};

function sourceOf<Target extends TargetConfig>(target: Target): SourceKind<Target> {
  return SOURCE_KINDS[target.kind] as unknown as SourceKind<Target>;
}

/** The "host:port" that identifies a target, whatever its kind. */
export function targetAddress(target: TargetConfig): string {
  return sourceOf(target).address(target);
}

export function sourceLabel(kind: TargetKind): string {
  return SOURCE_KINDS[kind].label;
}

/**
 * One adapter per target, chosen by its kind, behind the adapter boundary that
 * scrubs every secret known to the process (this target's and, through the
 * context, every other configured target's) from what it reports.
 */
export function createAdapter(target: TargetConfig, context: AdapterContext): SourceAdapter {
  const redactor = createRedactor([...configuredSecrets([target]), ...(context.secrets ?? [])]);
  return guardedAdapter(sourceOf(target).create(target, context), { targetId: target.id, kind: target.kind, address: targetAddress(target) }, redactor);
}

/**
 * Expands seeds (e.g. redis `discover: true`) into every member the cluster
 * itself reports; other targets pass through. A discovered member that is
 * also listed by hand keeps the first occurrence.
 */
export async function expandTargets(
  targets: readonly TargetConfig[],
  options: { timeoutMs: number },
): Promise<{ targets: TargetConfig[]; errors: string[] }> {
  const expanded: TargetConfig[] = [];
  const errors: string[] = [];
  const seenIds = new Set<string>();
  const seenAddresses = new Set<string>();
  const redactor = createRedactor(configuredSecrets(targets));
  const add = (target: TargetConfig) => {
    const address = targetAddress(target);
    if (seenIds.has(target.id) || seenAddresses.has(address)) return;
    seenIds.add(target.id);
    seenAddresses.add(address);
    expanded.push(target);
  };
  for (const target of targets) {
    const source = sourceOf(target);
    if (!source.discover) {
      add(target);
      continue;
    }
    const discovered = await source.discover(target, options);
    // Discovery talks to nodes too: its errors leave through the same scrubbing as reports.
    if (discovered.error) errors.push(`${target.id}: ${redactor.text(discovered.error)}`);
    discovered.targets.forEach(add);
  }
  return { targets: expanded, errors };
}

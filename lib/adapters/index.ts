import type { TargetConfig } from '@/lib/config/schema';
import { NativeAdapter } from './native';
import type { AdapterContext, SourceAdapter } from './types';

/** One adapter per target, chosen by its kind. */
export function createAdapter(target: TargetConfig, context: AdapterContext): SourceAdapter {
  switch (target.kind) {
    case 'native':
      return new NativeAdapter(target);
    case 'redis':
      return unsupported(target.id, 'the redis adapter is not built into this version', context);
    default: {
      const exhausted: never = target;
      throw new Error(`unknown target kind in ${JSON.stringify(exhausted)}`);
    }
  }
}

/** Expands seeds (e.g. redis `discover: true`) into every member; other targets pass through. */
export async function expandTargets(targets: readonly TargetConfig[]): Promise<{ targets: TargetConfig[]; errors: string[] }> {
  return { targets: [...targets], errors: [] };
}

function unsupported(id: string, message: string, context: AdapterContext): SourceAdapter {
  void context;
  return {
    async poll(options) {
      return {
        targetId: id,
        kind: 'redis',
        address: id,
        status: 'bad_response',
        reason: { code: 'protocol', message },
        fetchedAt: options.now(),
        latencyMs: null,
        node: null,
        peers: null,
        sync: null,
        routing: null,
        logs: null,
        unavailable: ['peers', 'sync', 'routing', 'logs'],
      };
    },
    async close() {},
  };
}

import type { SourceKind } from '../kind';
import { GoquaiAdapter } from './adapter';
import type { GoquaiTargetConfig } from './target';

export { GoquaiAdapter } from './adapter';

export const goquaiSource: SourceKind<GoquaiTargetConfig> = {
  label: 'go-quai (JSON-RPC, metrics, peers.log)',
  address: (target) => new URL(target.rpcUrl).host,
  create: (target) => new GoquaiAdapter(target),
};

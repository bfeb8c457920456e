import type { SourceKind } from '../kind';
import { NativeAdapter } from './adapter';
import type { NativeTargetConfig } from './target';

export { NativeAdapter } from './adapter';

export const nativeSource: SourceKind<NativeTargetConfig> = {
  label: 'Admin API v1',
  address: (target) => new URL(target.url).host,
  create: (target) => new NativeAdapter(target),
};

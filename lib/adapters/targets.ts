import { z } from '@/lib/contract/zod';
import { nativeTargetSchema } from './native/target';
import { olricTargetSchema } from './olric/target';
import { pegasusTargetSchema } from './pegasus/target';
import { redisTargetSchema } from './redis/target';

/**
 * The target union: one entry per source kind. Adding a kind means a folder
 * under lib/adapters/<kind>/ (its target schema and its SourceKind) plus one
 * entry here and one in SOURCE_KINDS (lib/adapters/index.ts), which the type
 * checker insists on.
 */
export const targetSchema = z.discriminatedUnion('kind', [nativeTargetSchema, redisTargetSchema, olricTargetSchema, pegasusTargetSchema], {
  error: 'expected a target with kind "native", "redis", "olric" or "pegasus"',
});

export type TargetConfig = z.infer<typeof targetSchema>;
export type TargetKind = TargetConfig['kind'];

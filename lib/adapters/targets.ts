import { z } from '@/lib/contract/zod';
import { nativeTargetSchema } from './native/target';
import { olricTargetSchema } from './olric/target';
import { pegasusTargetSchema } from './pegasus/target';
import { redisTargetSchema } from './redis/target';
import { goquaiTargetSchema } from './goquai/target';

/**
 * The target union: one entry per source kind. Adding a kind means a folder
 * under lib/adapters/<kind>/ (its target schema and its SourceKind) plus one
 * entry here and one in SOURCE_KINDS (lib/adapters/index.ts), which the type
 * checker insists on.
 */
export const targetSchema = z.discriminatedUnion('kind', [nativeTargetSchema, redisTargetSchema, olricTargetSchema, pegasusTargetSchema, goquaiTargetSchema], {
  error: 'expected a target with kind "native", "redis", "olric", "pegasus" or "goquai"',
});

export type TargetConfig = z.infer<typeof targetSchema>;
export type TargetKind = TargetConfig['kind'];

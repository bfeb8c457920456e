import { z } from '@/lib/contract/zod';
import { hostPort, targetId } from '@/lib/config/target-fields';

/** An Olric member, read over RESP on its client port (olricd's `bindPort`, 3320 by default). */
export const olricTargetSchema = z.strictObject({
  id: targetId,
  kind: z.literal('olric'),
  /** host:port of the member's RESP client port. */
  address: hostPort,
  /** Expand this seed into every member the cluster itself reports in CLUSTER.MEMBERS. */
  discover: z.boolean().default(false),
});

export type OlricTargetConfig = z.infer<typeof olricTargetSchema>;

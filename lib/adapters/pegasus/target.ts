import { z } from '@/lib/contract/zod';
import { hostPort, targetId } from '@/lib/config/target-fields';

/** A Pegasus table name as the meta server accepts it (letters, digits, "_", ".", "-"). */
const tableName = z
  .string({ error: 'expected a table name' })
  .regex(/^[A-Za-z0-9_.-]{1,128}$/, { error: 'expected a table name of letters, digits, "_", "." or "-" (at most 128)' });

export const PEGASUS_SERVER_ROLES = ['meta', 'replica'] as const;

export const pegasusTargetSchema = z.strictObject({
  id: targetId,
  kind: z.literal('pegasus'),
  /** Every meta server of the cluster: the leader is found among them, and a 307 is followed only to one of them. */
  metaServers: z.array(hostPort).min(1).max(16),
  /** Tables to read; default: every available table the meta server lists. */
  tables: z.array(tableName).min(1).max(1024).optional(),
  /** Replica servers to cross-check; default: the ones the meta server reports in /meta/nodes. */
  replicaServers: z.array(hostPort).max(10_000).optional(),
  /**
   * The one server this target polls. Discovery sets it on each member it
   * expands the cluster target into; a config may set it to pin a target.
   */
  server: z.strictObject({ role: z.enum(PEGASUS_SERVER_ROLES), address: hostPort }).optional(),
});

export type PegasusTargetConfig = z.infer<typeof pegasusTargetSchema>;
export type PegasusServerRole = (typeof PEGASUS_SERVER_ROLES)[number];

import { z } from './zod';

/**
 * GET /api/replicas (high availability, docs/high-availability.md): which
 * replica collects which cluster, since when and under which term, every
 * live replica, and whether this replica reaches the shared store.
 */
export const replicasViewSchema = z.object({
  /** The replica that answered. */
  replica: z.string(),
  enabled: z.boolean(),
  clusters: z.array(
    z.object({
      cluster: z.string(),
      /** Null while no replica collects it (an election under way, or the store unreachable). Without HA, this process with term 0. */
      collector: z.object({ replica: z.string(), term: z.number(), since: z.number() }).nullable(),
      /** Whether the answering replica collects it. */
      mine: z.boolean(),
      /** When the cluster's last cycle started, as this replica knows it (its own, or the collector's read from the store). */
      lastCycleAt: z.number().nullable(),
    }),
  ),
  replicas: z.array(z.object({ id: z.string(), startedAt: z.number(), lastSeen: z.number(), clusters: z.array(z.string()) })),
  /** `since`: since when the store has been unreachable; null while it is ok. */
  store: z.object({ state: z.enum(['ok', 'unreachable']), since: z.number().nullable() }),
});
export type ReplicasView = z.infer<typeof replicasViewSchema>;

import os from 'node:os';
import { z } from '@/lib/contract/zod';
import { durationSchema } from '@/lib/config/duration';

/**
 * `ha:` in the config (docs/high-availability.md): several replicas on one
 * PostgreSQL, one collecting each cluster. Off unless enabled.
 */
export const haConfigSchema = z
  .strictObject({
    /** Needs storage.engine "postgres": the replicas share it. */
    enabled: z.boolean().default(false),
    /** This replica's name on the replicas page; default CLUSTERSCOPE_REPLICA_ID, else "<hostname>-<pid>". */
    replicaId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { error: 'expected a replica id of letters, digits, ".", "_", ":" or "-" (at most 128)' })
      .optional(),
    /** How often a replica heartbeats and tries to take free clusters. */
    lockRetry: durationSchema(100, 60_000).default(2000),
    /** A collector whose lock session is silent this long loses its clusters. */
    sessionTimeout: durationSchema(500, 600_000).default(6000),
  })
  .superRefine((config, ctx) => {
    // The holder heartbeats every lockRetry: a live one must never look silent.
    if (config.sessionTimeout < 2 * config.lockRetry) {
      ctx.addIssue({ code: 'custom', path: ['sessionTimeout'], message: `expected at least twice lockRetry (${2 * config.lockRetry} ms), so a live collector never looks silent` });
    }
  })
  .prefault({});
export type HaConfig = z.infer<typeof haConfigSchema>;

/** The settings a replica runs with, once env and defaults are applied. */
export type HaSettings = { replicaId: string; lockRetryMs: number; sessionTimeoutMs: number };

/**
 * Env overrides like storage's: CLUSTERSCOPE_HA=on enables it (with the
 * defaults), CLUSTERSCOPE_REPLICA_ID names the replica.
 */
export function haFromEnv(config: HaConfig, env: Readonly<Record<string, string | undefined>> = process.env): HaConfig {
  const switched = env.CLUSTERSCOPE_HA?.trim().toLowerCase();
  const next = { ...config };
  if (switched === 'on' || switched === 'true' || switched === '1') next.enabled = true;
  if (switched === 'off' || switched === 'false' || switched === '0') next.enabled = false;
  const replicaId = env.CLUSTERSCOPE_REPLICA_ID?.trim();
  if (replicaId) next.replicaId = replicaId;
  return next;
}

/** This replica's settings; the id falls back to "<hostname>-<pid>", unique per process. */
export function haSettings(config: HaConfig): HaSettings {
  return {
    replicaId: config.replicaId ?? `${os.hostname()}-${process.pid}`,
    lockRetryMs: config.lockRetry,
    sessionTimeoutMs: config.sessionTimeout,
  };
}

/** HA shares the store between replicas: anything but PostgreSQL is a config error naming both keys. */
export function haStorageProblem(ha: HaConfig, engine: string): string | null {
  if (!ha.enabled || engine === 'postgres') return null;
  return `ha.enabled needs storage.engine "postgres" (the replicas share it), but storage.engine is "${engine}"`;
}

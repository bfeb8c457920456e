import { z } from '@/lib/contract/zod';
import { durationSchema } from './duration';
import { targetAddress } from '@/lib/adapters';
import { targetSchema } from '@/lib/adapters/targets';
import { clusterLogSources, clusterLogSourcesSchema, unknownTargets } from '@/lib/logs/config';
import { alertingConfigSchema } from '@/lib/alerting/config';
import { authConfigSchema, type AuthConfig } from '@/lib/auth/config';
import { storageConfigSchema } from '@/lib/store/persistence/config';
import { haConfigSchema, haStorageProblem } from '@/lib/ha/config';

export { targetSchema, type TargetConfig } from '@/lib/adapters/targets';

/**
 * The cluster config: the one place that lists the targets. Every object is
 * strict, so a misspelt key is an error rather than a silently ignored option.
 * Credentials are never written here: a target names the environment variable
 * that holds them.
 */

export const diagnosticsConfigSchema = z
  .strictObject({
    /** A link whose lag is beyond this many bytes/entries is `sync.lagging`. */
    syncLagThreshold: z.number().nonnegative().default(1_048_576),
    /** Polls with a frozen replica offset after the primary moved before `sync.stalled`. */
    stalledAfterPolls: z.number().int().min(2).max(100).default(3),
    /** Last I/O older than this on a link that claims healthy is `sync.stalled`. */
    lastIoMaxAge: durationSchema(1000, 86_400_000).default(30_000),
    /** Rejections of the same registration in this window before `sync.registration_loop`. */
    registrationLoopCount: z.number().int().min(2).max(1000).default(3),
    registrationLoopWindow: durationSchema(1000, 86_400_000).default(120_000),
    /** Routing versions may differ this long while a table change spreads. */
    routingGrace: durationSchema(0, 86_400_000).default(15_000),
    /** A node or client may keep an older ballot this long after a newer one is seen. */
    staleConfigGrace: durationSchema(0, 86_400_000).default(10_000),
    /** A peer that is back in a category within this many polls was a transient gap. */
    peerGapTransientPolls: z.number().int().min(1).max(100).default(3),
  })
  // Parsing {} fills every field from its own default, so the defaults are written once.
  .prefault({});

export const logsConfigSchema = z
  .strictObject({
    /** Lines kept in memory across all nodes; the oldest are dropped (and counted) past it. */
    retention: z.number().int().min(1000).max(5_000_000).default(100_000),
    /** Lines asked from one node per poll. */
    perPollLimit: z.number().int().min(1).max(10_000).default(500),
    /** Log files and syslog receivers of this cluster (docs/logs.md); targets can list their own too. */
    sources: clusterLogSourcesSchema.default([]),
  })
  .prefault({});

/** Cluster names appear in URLs (/clusters/<name>/sync), so they are URL-safe as written. */
export const clusterNameSchema = z
  .string({ error: 'expected the cluster name (text)' })
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, {
    error: 'expected a URL-safe name: lowercase letters, digits, ".", "_" or "-" (at most 63, starting with a letter or digit)',
  });

/** Everything a cluster has besides its name; the same in both config forms. */
const clusterSettings = {
  pollInterval: durationSchema(500, 3_600_000).default(5000),
  requestTimeout: durationSchema(100, 60_000).default(2000),
  maxResponseBytes: z.number().int().min(1024).max(512 * 1024 * 1024).default(5 * 1024 * 1024),
  concurrency: z.number().int().min(1).max(10_000).default(256),
  /** A node that keeps failing is polled less often, but re-probed at least this often. */
  maxBackoff: durationSchema(1000, 300_000).default(30_000),
  /** How far back history reaches (reports, events) for each node. */
  historyWindow: durationSchema(10_000, 86_400_000).default(900_000),
  diagnostics: diagnosticsConfigSchema,
  logs: logsConfigSchema,
  targets: z.array(targetSchema).min(1, { error: 'expected at least one target' }).max(20_000),
};

type ClusterSettings = z.infer<z.ZodObject<typeof clusterSettings>>;

function refineCluster(config: ClusterSettings, ctx: z.core.$RefinementCtx): void {
  const seen = new Map<string, number>();
  config.targets.forEach((target, index) => {
    const first = seen.get(target.id);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets', index, 'id'],
        message: `duplicate target id "${target.id}" (already used by targets[${first}])`,
      });
    } else {
      seen.set(target.id, index);
    }
  });
  // Two targets on one address would poll the same node twice under two names (or two credentials):
  // name both rather than silently keeping one.
  const byAddress = new Map<string, number>();
  config.targets.forEach((target, index) => {
    const address = targetAddress(target).toLowerCase();
    const first = byAddress.get(address);
    if (first === undefined) {
      byAddress.set(address, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: ['targets', index],
      message: `target "${target.id}" has the same address ${address} as target "${config.targets[first].id}" (targets[${first}]); list each node once`,
    });
  });
  const targetIds = new Set(config.targets.map((target) => target.id));
  for (const { path, target } of unknownTargets(config.logs.sources, targetIds)) {
    ctx.addIssue({ code: 'custom', path: ['logs', 'sources', ...path], message: `unknown target "${target}" (expected one of the cluster's target ids)` });
  }
  config.targets.forEach((target, index) => {
    for (const { path, target: named } of unknownTargets(clusterLogSources([], [target]), targetIds)) {
      ctx.addIssue({ code: 'custom', path: ['targets', index, 'logs', ...path], message: `unknown target "${named}" (expected one of the cluster's target ids)` });
    }
  });
  if (config.requestTimeout >= config.pollInterval) {
    ctx.addIssue({
      code: 'custom',
      path: ['requestTimeout'],
      message: `expected a request timeout shorter than the poll interval (${config.pollInterval} ms)`,
    });
  }
}

/** A cluster named in `auth` that the file does not configure is a typo that would silently grant nothing. */
function refineAuthClusters(auth: AuthConfig | undefined, clusterNames: readonly string[], ctx: z.core.$RefinementCtx): void {
  if (!auth || auth.mode === 'none') return;
  const known = new Set(clusterNames);
  for (const [list, entries] of [['access', auth.access], ['tokens', auth.tokens]] as const) {
    entries.forEach((entry, index) => {
      entry.clusters.forEach((name, at) => {
        if (name !== '*' && !known.has(name)) {
          ctx.addIssue({ code: 'custom', path: ['auth', list, index, 'clusters', at], message: `no cluster named "${name}" in this file` });
        }
      });
    });
  }
}

/** One cluster, as an entry of `clusters:`. */
export const clusterConfigSchema = z.strictObject({ name: clusterNameSchema, ...clusterSettings }).superRefine(refineCluster);

function refineHa(config: { ha: z.infer<typeof haConfigSchema>; storage: { engine: string } }, ctx: z.RefinementCtx): void {
  const problem = haStorageProblem(config.ha, config.storage.engine);
  if (problem) ctx.addIssue({ code: 'custom', path: ['ha', 'enabled'], message: problem });
}

/** The single-cluster file of earlier versions (`cluster: <name>` at the top): still valid, one cluster. */
export const singleClusterFileSchema = z
  .strictObject({
    cluster: clusterNameSchema,
    ...clusterSettings,
    alerting: alertingConfigSchema,
    auth: authConfigSchema.optional(),
    storage: storageConfigSchema,
    ha: haConfigSchema,
  })
  .superRefine((config, ctx) => {
    refineCluster(config, ctx);
    refineAuthClusters(config.auth, [config.cluster], ctx);
    refineHa(config, ctx);
  })
  .transform(({ cluster, alerting, auth, storage, ha, ...settings }) => ({ clusters: [{ name: cluster, ...settings }], alerting, auth, storage, ha }));

export const multiClusterFileSchema = z
  .strictObject({
    clusters: z.array(clusterConfigSchema).min(1, { error: 'expected at least one cluster' }).max(256),
    /** Process-wide: where findings of every cluster are pushed (docs/alerting.md). */
    alerting: alertingConfigSchema,
    /** Process-wide: who may sign in and which clusters each may see (docs/security.md). */
    auth: authConfigSchema.optional(),
    /** Process-wide: where history is kept across restarts (docs/storage.md). */
    storage: storageConfigSchema,
    /** Process-wide: several replicas on one PostgreSQL, one collecting each cluster (docs/high-availability.md). */
    ha: haConfigSchema,
  })
  .superRefine((config, ctx) => {
    refineHa(config, ctx);
    refineAuthClusters(
      config.auth,
      config.clusters.map((cluster) => cluster.name),
      ctx,
    );
    const seen = new Map<string, number>();
    config.clusters.forEach((cluster, index) => {
      const first = seen.get(cluster.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['clusters', index, 'name'],
          message: `duplicate cluster name "${cluster.name}" (already used by clusters[${first}])`,
        });
      } else {
        seen.set(cluster.name, index);
      }
    });
  });

/**
 * The whole config file. A file with `clusters:` lists several; any other is
 * read as the single-cluster form. Either way the result is a list of clusters.
 */
export function dashboardConfigSchemaFor(raw: unknown) {
  const multi = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'clusters' in raw;
  return multi ? multiClusterFileSchema : singleClusterFileSchema;
}

export type DashboardConfig = z.infer<typeof multiClusterFileSchema>;
export type ClusterConfig = z.infer<typeof clusterConfigSchema>;
export type { NativeTargetConfig } from '@/lib/adapters/native/target';
export type { RedisTargetConfig } from '@/lib/adapters/redis/target';
export type { OlricTargetConfig } from '@/lib/adapters/olric/target';
export type DiagnosticsConfig = z.infer<typeof diagnosticsConfigSchema>;

import { z } from '@/lib/contract/zod';
import { envVarName } from '@/lib/config/target-fields';
import { HISTORY_KINDS, type HistoryKind, type RetentionPolicy } from './types';

/**
 * `storage:` in the config: where history is kept across restarts
 * (docs/storage.md). A PostgreSQL URL is never written here: the config
 * names the environment variable that holds it.
 */

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const RETENTION_TEXT = /^\s*(\d+(?:\.\d+)?)\s*(m|h|d)\s*$/;

/** A retention like "7d", "36h" or "90m" (at least 10 minutes, at most 400 days). */
const retentionSchema = z
  .string()
  .regex(RETENTION_TEXT, { error: 'expected a retention like "7d", "36h" or "90m"' })
  .transform((text) => {
    const [, amount, unit] = RETENTION_TEXT.exec(text)!;
    return Math.round(Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]);
  })
  .pipe(z.number().min(600_000, { error: 'expected at least 10 minutes' }).max(400 * 86_400_000, { error: 'expected at most 400 days' }));

const SIZE_TEXT = /^\s*(\d+(?:\.\d+)?)\s*(MB|GB)\s*$/i;

/** A disk budget like "500MB" or "20GB". */
const sizeSchema = z
  .string()
  .regex(SIZE_TEXT, { error: 'expected a size like "500MB" or "20GB"' })
  .transform((text) => {
    const [, amount, unit] = SIZE_TEXT.exec(text)!;
    return Math.round(Number(amount) * (unit.toUpperCase() === 'GB' ? 1024 ** 3 : 1024 ** 2));
  })
  .pipe(z.number().min(16 * 1024 ** 2, { error: 'expected at least 16MB' }));

const retentionFields = Object.fromEntries(HISTORY_KINDS.map((kind) => [kind, retentionSchema.optional()])) as Record<HistoryKind, z.ZodOptional<typeof retentionSchema>>;

export const storageConfigSchema = z
  .strictObject({
    /** sqlite: a file under dataDir (the default); postgres: a database; memory: nothing survives a restart. */
    engine: z.enum(['sqlite', 'postgres', 'memory']).default('sqlite'),
    dataDir: z.string().min(1).max(4096).default('./data'),
    postgres: z.strictObject({ urlEnv: envVarName }).optional(),
    retention: z
      .strictObject({
        default: retentionSchema.default(7 * 86_400_000),
        /** Samples older than this are folded into 30-minute buckets. */
        rawSamples: retentionSchema.default(86_400_000),
        ...retentionFields,
      })
      .prefault({}),
    /** Above this, the bulkiest history (samples, link samples, log lines) is cut back first. */
    maxSize: sizeSchema.default(2 * 1024 ** 3),
  })
  .superRefine((config, ctx) => {
    if (config.engine === 'postgres' && !config.postgres) {
      ctx.addIssue({ code: 'custom', path: ['postgres'], message: 'expected postgres: { urlEnv: <name of the environment variable holding the database URL> } for engine "postgres"' });
    }
  })
  .prefault({});
export type StorageConfig = z.infer<typeof storageConfigSchema>;

export const DOWNSAMPLE_BUCKET_MS = 30 * 60_000;

export function retentionPolicy(config: StorageConfig): RetentionPolicy {
  const { retention } = config;
  const keepMs = Object.fromEntries(HISTORY_KINDS.map((kind) => [kind, retention[kind] ?? retention.default])) as Record<HistoryKind, number>;
  return { keepMs, rawSamplesMs: retention.rawSamples, downsampleBucketMs: DOWNSAMPLE_BUCKET_MS };
}

/** The URL variable used when the engine is chosen by CLUSTERSCOPE_STORAGE=postgres. */
export const DEFAULT_POSTGRES_URL_ENV = 'CLUSTERSCOPE_POSTGRES_URL';

/**
 * Env overrides for the demo, containers and tests: CLUSTERSCOPE_STORAGE
 * (sqlite | postgres | memory) and CLUSTERSCOPE_DATA_DIR. With
 * CLUSTERSCOPE_STORAGE=postgres and no postgres block, the URL is read from CLUSTERSCOPE_POSTGRES_URL.
 */
export function storageFromEnv(config: StorageConfig, env: Readonly<Record<string, string | undefined>> = process.env): StorageConfig {
  const engine = env.CLUSTERSCOPE_STORAGE?.trim();
  const dataDir = env.CLUSTERSCOPE_DATA_DIR?.trim();
  const next = { ...config };
  if (engine === 'sqlite' || engine === 'memory') next.engine = engine;
  if (engine === 'postgres') {
    next.engine = 'postgres';
    next.postgres ??= { urlEnv: DEFAULT_POSTGRES_URL_ENV };
  }
  if (dataDir) next.dataDir = dataDir;
  return next;
}

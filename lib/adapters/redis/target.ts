import { z } from '@/lib/contract/zod';
import { targetLogSourcesSchema } from '@/lib/logs/config';
import { envVarName, hostPort, targetId } from '@/lib/config/target-fields';
import { credentialAllowEntry } from './credential-allow-entry';

export const redisTargetSchema = z.strictObject({
  id: targetId,
  kind: z.literal('redis'),
  address: hostPort,
  username: z.string().min(1).max(256).optional(),
  /** Name of an env var holding the password (never the password itself). */
  passwordEnv: envVarName.optional(),
  tls: z
    .union([
      z.boolean(),
      z.strictObject({
        servername: z.string().optional(),
        /** Path of a PEM CA bundle to trust. */
        caFile: z.string().optional(),
        rejectUnauthorized: z.boolean().default(true),
      }),
    ])
    .default(false),
  /** Expand this seed into every member the cluster itself reports in CLUSTER NODES. */
  discover: z.boolean().default(false),
  /**
   * Discovered members whose address matches one of these ("host:port", "host", or a CIDR block)
   * get the seed's username and password; every other member is polled without them.
   */
  discoverCredentialsFor: z.array(credentialAllowEntry).max(1000).optional(),
  /** Pika speaks RESP but answers INFO differently; "auto" detects it from INFO server. */
  flavor: z.enum(['auto', 'redis', 'valkey', 'pika']).default('auto'),
  /** This node's log files (or syslog), read as well as its API: docs/logs.md. */
  logs: targetLogSourcesSchema.optional(),
});


export type RedisTargetConfig = z.infer<typeof redisTargetSchema>;

import { z } from '@/lib/contract/zod';
import { targetLogSourcesSchema } from '@/lib/logs/config';
import { envVarName, httpUrl, targetId } from '@/lib/config/target-fields';

export const nativeTargetSchema = z.strictObject({
  id: targetId,
  kind: z.literal('native'),
  url: httpUrl,
  /** Name of an env var whose value is sent as `Authorization: Bearer …`. */
  bearerTokenEnv: envVarName.optional(),
  /** This node's log files (or syslog), read as well as its API: docs/logs.md. */
  logs: targetLogSourcesSchema.optional(),
});


export type NativeTargetConfig = z.infer<typeof nativeTargetSchema>;

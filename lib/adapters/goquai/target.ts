import { z } from '@/lib/contract/zod';
import { targetLogSourcesSchema } from '@/lib/logs/config';
import { httpUrl, targetId } from '@/lib/config/target-fields';

export const goquaiTargetSchema = z.strictObject({
  id: targetId,
  kind: z.literal('goquai'),
  /** The node's HTTP JSON-RPC endpoint (go-quai's default port is 9001), e.g. "http://10.0.0.5:9001". */
  rpcUrl: httpUrl,
  /** Its Prometheus page, when metrics are enabled (off by default; go-quai serves 127.0.0.1:6060/metrics). */
  metricsUrl: httpUrl.optional(),
  /**
   * Its log files: `nodelogs/peers.log` (the peer manager's `Peer stats`, once a minute) and
   * the node log where peer-DB read errors land; file or syslog, format "logrus" (docs/goquai.md).
   */
  logs: targetLogSourcesSchema.optional(),
});

export type GoquaiTargetConfig = z.infer<typeof goquaiTargetSchema>;

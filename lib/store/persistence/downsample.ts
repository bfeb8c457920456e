import type { NodeSample } from './types';

/** Worst first: a bucket that saw any failure keeps the failure, never reads as healthy. */
const STATUS_RANK: Record<string, number> = { unreachable: 0, timeout: 1, bad_response: 2, ok: 3 };

/**
 * Folds raw samples into one per node per bucket (as CockroachDB keeps 30 min
 * resolution past its short 10 s window): the bucket's worst status with the
 * reason of that sample, and the mean latency of the polls that measured one.
 * Pure; `bucketMs` buckets start at multiples of `bucketMs`.
 */
export function downsampleSamples(samples: readonly NodeSample[], bucketMs: number): NodeSample[] {
  type Bucket = { worst: NodeSample; latencySum: number; latencyCount: number };
  const buckets = new Map<string, Bucket>();
  for (const sample of samples) {
    const start = sample.at - (((sample.at % bucketMs) + bucketMs) % bucketMs);
    const key = `${sample.node}\u0000${start}`;
    const bucket = buckets.get(key) ?? { worst: { ...sample, at: start }, latencySum: 0, latencyCount: 0 };
    if ((STATUS_RANK[sample.status] ?? 0) < (STATUS_RANK[bucket.worst.status] ?? 0)) {
      bucket.worst = { ...sample, at: start };
    }
    if (sample.latencyMs !== null) {
      bucket.latencySum += sample.latencyMs;
      bucket.latencyCount += 1;
    }
    buckets.set(key, bucket);
  }
  return [...buckets.values()].map(({ worst, latencySum, latencyCount }) => ({
    ...worst,
    latencyMs: latencyCount > 0 ? latencySum / latencyCount : null,
  }));
}

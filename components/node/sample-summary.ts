import { POLL_STATUSES, type PollStatus } from '@/lib/contract/report';
import type { StatusSample } from '@/lib/contract/api';

export type SampleSummary = {
  count: number;
  spanMs: number;
  byStatus: Record<PollStatus, number>;
  medianLatencyMs: number | null;
  maxLatencyMs: number | null;
};

/** What the latency chart shows, in numbers: a text alternative for the chart and its caption. */
export function summarizeSamples(samples: readonly StatusSample[]): SampleSummary {
  const byStatus = Object.fromEntries(POLL_STATUSES.map((status) => [status, 0])) as Record<PollStatus, number>;
  const latencies: number[] = [];
  for (const sample of samples) {
    byStatus[sample.status] += 1;
    if (sample.status === 'ok' && sample.latencyMs !== null) latencies.push(sample.latencyMs);
  }
  latencies.sort((a, b) => a - b);
  const spanMs = samples.length > 1 ? samples[samples.length - 1].at - samples[0].at : 0;
  return {
    count: samples.length,
    spanMs,
    byStatus,
    medianLatencyMs: latencies.length ? latencies[Math.floor((latencies.length - 1) / 2)] : null,
    maxLatencyMs: latencies.length ? latencies[latencies.length - 1] : null,
  };
}

/** A stretch of consecutive polls with the same failed outcome (first and last poll time). */
export type FailedRun = { status: Exclude<PollStatus, 'ok'>; from: number; to: number; polls: number };

/** The failed stretches of a poll history, oldest first: what the chart shades behind the latency bars. */
export function failedRuns(samples: readonly StatusSample[]): FailedRun[] {
  const runs: FailedRun[] = [];
  let current: FailedRun | null = null;
  for (const sample of samples) {
    if (sample.status === 'ok') {
      current = null;
      continue;
    }
    if (current && current.status === sample.status) {
      current.to = sample.at;
      current.polls += 1;
    } else {
      current = { status: sample.status, from: sample.at, to: sample.at, polls: 1 };
      runs.push(current);
    }
  }
  return runs;
}

'use client';

import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration, formatLatency } from '@/lib/client/format';
import { useLocalTime } from '@/lib/client/use-local-time';
import type { StatusSample } from '@/lib/contract/api';
import { POLL_STATUSES, type PollStatus } from '@/lib/contract/report';
import { badgeLook } from '@/components/ui/badge-status';
import { failedRuns, summarizeSamples } from './sample-summary';
import { pollStatusColor } from './status-colors';
import { StatusStrip } from './StatusStrip';

// The plot area starts after the Y axis and chart margin; the status strip lines up with it.
const Y_AXIS_WIDTH = 96;
const MARGIN = 8;

type ChartPoint = { at: number; latency: number | null; status: PollStatus; reason: string | null; rawLatencyMs: number | null };

/**
 * Latency of answered polls as bars; failed stretches shaded behind them in their
 * status colour (a timeout's "latency" is just the timeout, so it is not drawn as a
 * bar that would flatten the real ones). A status strip below repeats every poll's
 * outcome; the caption is the text alternative.
 */
export function LatencyChart({ samples }: { samples: readonly StatusSample[] }) {
  const time = useLocalTime();
  const summary = summarizeSamples(samples);
  const points: ChartPoint[] = samples.map((sample) => ({
    at: sample.at,
    latency: sample.status === 'ok' ? sample.latencyMs : null,
    status: sample.status,
    reason: sample.reason,
    rawLatencyMs: sample.latencyMs,
  }));
  const runs = failedRuns(samples);
  const failed = POLL_STATUSES.filter((status) => status !== 'ok' && summary.byStatus[status] > 0);

  return (
    <figure className="latency-chart">
      <div className="chart-box" role="img" aria-label={`Latency per poll for the last ${formatDuration(summary.spanMs)}`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={points} margin={{ top: MARGIN, right: MARGIN, bottom: 0, left: MARGIN }} barCategoryGap={1}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            <XAxis dataKey="at" tickFormatter={(at: number) => time.clock(at)} stroke="var(--text-muted)" minTickGap={48} />
            <YAxis tickFormatter={(ms: number) => formatLatency(ms)} stroke="var(--text-muted)" width={Y_AXIS_WIDTH} />
            <Tooltip cursor={{ fill: 'rgba(255,255,255,0.06)' }} content={<SampleTooltip />} />
            {runs.map((run) => (
              <ReferenceArea
                key={`${run.status}-${run.from}`}
                x1={run.from}
                x2={run.to}
                fill={pollStatusColor(run.status)}
                fillOpacity={0.28}
                stroke={pollStatusColor(run.status)}
                strokeOpacity={0.6}
                ifOverflow="extendDomain"
              />
            ))}
            <Bar dataKey="latency" isAnimationActive={false} fill={pollStatusColor('ok')} maxBarSize={40} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div style={{ marginLeft: Y_AXIS_WIDTH + MARGIN, marginRight: MARGIN }}>
        <StatusStrip samples={samples} />
      </div>
      <ul className="chart-legend" aria-hidden="true">
        {POLL_STATUSES.map((status) => (
          <li key={status}>
            <span className="chart-legend__swatch" style={{ background: pollStatusColor(status) }} />
            {badgeLook(status).text}
          </li>
        ))}
      </ul>
      <figcaption className="latency-chart__caption">
        {summary.count === 0
          ? 'No polls recorded yet.'
          : `${summary.count} polls over ${formatDuration(summary.spanMs)}: ${summary.byStatus.ok} ok` +
            failed.map((status) => `, ${summary.byStatus[status]} ${badgeLook(status).text}`).join('') +
            (summary.medianLatencyMs !== null
              ? `. Latency median ${formatLatency(summary.medianLatencyMs)}, max ${formatLatency(summary.maxLatencyMs)}.`
              : '. No poll was answered.')}
      </figcaption>
    </figure>
  );
}

type TooltipProps = { active?: boolean; payload?: ReadonlyArray<{ payload?: ChartPoint }> };

function SampleTooltip({ active, payload }: TooltipProps) {
  const time = useLocalTime();
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <div>{time.clock(point.at)}</div>
      <div>
        {badgeLook(point.status).text} · {point.status === 'ok' ? formatLatency(point.rawLatencyMs) : point.rawLatencyMs === null ? 'no answer' : `gave up after ${formatLatency(point.rawLatencyMs)}`}
      </div>
      {point.reason ? <div className="muted">{point.reason}</div> : null}
    </div>
  );
}

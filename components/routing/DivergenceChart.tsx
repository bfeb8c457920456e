'use client';

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '@/lib/client/format';
import { useLocalTime } from '@/lib/client/use-local-time';
import type { RoutingSample } from '@/lib/diagnostics/routing';
import { useAsOf } from '@/lib/client/use-as-of';

// Drawn in this order; the rarer lines are dashed and on top, so equal counts stay visible.
const SERIES = [
  { key: 'divergent', name: 'divergent partitions', color: 'var(--warn)', dash: undefined },
  { key: 'multiOwner', name: 'more than one owner', color: 'var(--progress)', dash: '6 3' },
  { key: 'unowned', name: 'unowned', color: 'var(--bad)', dash: '2 3' },
] as const;

/** Divergent / unowned / doubly owned partitions per poll cycle; the caption says it in words. */
export function DivergenceChart({ series }: { series: readonly RoutingSample[] }) {
  const time = useLocalTime();
  const past = useAsOf().at !== null;
  // The per-cycle counts are not kept in history: a past view says so rather than "no cycle yet".
  if (series.length === 0) return <p className="muted">{past ? 'Not kept in history: the counts per cycle are shown live only.' : 'No poll cycle yet.'}</p>;
  const last = series[series.length - 1];
  const peak = series.reduce((max, sample) => Math.max(max, sample.divergent), 0);
  const span = last.at - series[0].at;
  return (
    <figure style={{ margin: 0 }}>
      <div className="chart-box" role="img" aria-label={`Divergent partitions per poll over the last ${formatDuration(span)}`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={[...series]} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            <XAxis dataKey="at" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(at: number) => time.clock(at)} stroke="var(--text-muted)" minTickGap={48} fontSize={12} />
            <YAxis allowDecimals={false} stroke="var(--text-muted)" width={48} fontSize={12} />
            <Tooltip
              labelFormatter={(at) => time.clock(Number(at))}
              contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border-strong)', color: 'var(--text)' }}
            />
            {SERIES.map((line) => (
              <Line
                key={line.key}
                dataKey={line.key}
                name={line.name}
                stroke={line.color}
                strokeDasharray={line.dash}
                dot={false}
                strokeWidth={2}
                isAnimationActive={false}
                type="stepAfter"
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart-legend" aria-hidden="true">
        {SERIES.map((line) => (
          <li key={line.key}>
            <span className="chart-legend__swatch" style={{ background: line.color }} />
            {line.name}
          </li>
        ))}
      </ul>
      <figcaption className="muted" style={{ marginTop: '0.5rem' }}>
        Now {last.divergent} divergent, {last.unowned} unowned, {last.multiOwner} with more than one owner across {last.views} node view
        {last.views === 1 ? '' : 's'} on {last.versions} version{last.versions === 1 ? '' : 's'}; peak {peak} over {formatDuration(span)}.
      </figcaption>
    </figure>
  );
}

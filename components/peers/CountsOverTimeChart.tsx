'use client';

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLocalTime } from '@/lib/client/use-local-time';
import type { CountSeries } from '@/lib/diagnostics/peers-view';
import { categoryColor } from './category-colors';

/** One node's category counts per answered poll, stacked, so a peer dropping out of every category shows as a dip. */
export function CountsOverTimeChart({ series }: { series: CountSeries }) {
  const time = useLocalTime();
  const data = series.samples.map((sample) => ({ at: sample.at, ...sample.counts }));
  return (
    <div className="chart-box" role="img" aria-label={`Peers per category over time on ${series.node}`} style={{ height: '12rem' }}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="at" tickFormatter={(at: number) => time.clock(at)} stroke="var(--text-muted)" minTickGap={48} fontSize={12} />
          <YAxis stroke="var(--text-muted)" fontSize={12} allowDecimals={false} width={40} />
          <Tooltip
            labelFormatter={(at) => time.clock(Number(at))}
            contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border-strong)' }}
          />
          {series.categories.map((name, rank) => (
            <Area
              key={name}
              dataKey={name}
              stackId="counts"
              type="stepAfter"
              stroke={categoryColor(rank)}
              fill={categoryColor(rank)}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

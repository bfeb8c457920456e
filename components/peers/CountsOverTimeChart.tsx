'use client';

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock } from '@/lib/client/format';
import type { CountSeries } from '@/lib/diagnostics/peers';
import { categoryColor } from './category-colors';

/** One node's category counts per answered poll, stacked, so a peer dropping out of every category shows as a dip. */
export function CountsOverTimeChart({ series }: { series: CountSeries }) {
  const data = series.samples.map((sample) => ({ at: sample.at, ...sample.counts }));
  return (
    <div className="chart-box" role="img" aria-label={`Peers per category over time on ${series.node}`} style={{ height: '12rem' }}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#2a3340" vertical={false} />
          <XAxis dataKey="at" tickFormatter={(at: number) => formatClock(at)} stroke="#9aa6b5" minTickGap={48} fontSize={12} />
          <YAxis stroke="#9aa6b5" fontSize={12} allowDecimals={false} width={40} />
          <Tooltip
            labelFormatter={(at) => formatClock(Number(at))}
            contentStyle={{ background: '#151b23', border: '1px solid #3d4757' }}
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

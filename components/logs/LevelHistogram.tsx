'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { LOG_LEVELS } from '@/lib/contract/admin-v1';
import type { LevelHistogram as Histogram } from '@/lib/diagnostics/logs';
import { formatDuration } from '@/lib/client/format';
import { useLocalTime } from '@/lib/client/use-local-time';
import styles from './logs.module.css';

const LEVEL_COLOR = { debug: 'var(--text-faint)', info: 'var(--info)', warn: 'var(--warn)', error: 'var(--bad)', unknown: 'var(--border)' } as const;

/** Log volume per time bucket, stacked by level, for the lines that match the filters. */
export function LevelHistogram({ histogram }: { histogram: Histogram }) {
  const time = useLocalTime();
  const totals = LOG_LEVELS.map((level) => `${histogram.buckets.reduce((sum, bucket) => sum + bucket[level], 0)} ${level}`);
  return (
    <div
      className={styles.chartBox}
      role="img"
      aria-label={`Log lines per ${formatDuration(histogram.bucketMs)} by level: ${totals.join(', ')}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={histogram.buckets} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} barCategoryGap={1}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="t" tickFormatter={(at: number) => time.clock(at)} stroke="var(--text-muted)" minTickGap={48} fontSize={12} />
          <YAxis allowDecimals={false} stroke="var(--text-muted)" width={44} fontSize={12} />
          <Tooltip
            cursor={{ fill: 'rgba(255,255,255,0.06)' }}
            labelFormatter={(at) => `${time.clock(Number(at))} (+${formatDuration(histogram.bucketMs)})`}
            contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border-strong)' }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {LOG_LEVELS.map((level) => (
            <Bar key={level} dataKey={level} stackId="level" fill={LEVEL_COLOR[level]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

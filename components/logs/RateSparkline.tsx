'use client';

import { Area, AreaChart, ResponsiveContainer, YAxis } from 'recharts';
import styles from './logs.module.css';

/** A group's lines per bucket over the last few minutes; the label carries the numbers for screen readers. */
export function RateSparkline({ rate, bucketMs, color }: { rate: readonly number[]; bucketMs: number; color: string }) {
  const data = rate.map((count, index) => ({ index, count }));
  const minutes = Math.round((rate.length * bucketMs) / 60_000);
  const recent = rate.slice(-6).reduce((sum, count) => sum + count, 0);
  return (
    <div className={styles.spark} role="img" aria-label={`${recent} lines in the last ${Math.round((6 * bucketMs) / 1000)} s; ${minutes} min shown`}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 2, right: 0, bottom: 2, left: 0 }}>
          <YAxis hide domain={[0, 'dataMax']} />
          <Area type="monotone" dataKey="count" stroke={color} fill={color} fillOpacity={0.25} isAnimationActive={false} dot={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

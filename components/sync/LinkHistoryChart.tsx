'use client';

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLocalTime } from '@/lib/client/use-local-time';
import type { SyncSample } from '@/lib/diagnostics/sync';
import { formatBytes } from '@/lib/diagnostics/sync-text';
import styles from './sync.module.css';

const SERIES = [
  { key: 'primaryOffset', name: 'primary offset', color: 'var(--info)', axis: 'offset' },
  { key: 'replicaOffset', name: 'replica offset', color: 'var(--good)', axis: 'offset' },
  { key: 'lag', name: 'lag', color: 'var(--warn)', axis: 'lag' },
] as const;

/** State changes in the window, newest last: the chart's line says how much, this says what the node claimed. */
function transitions(samples: readonly SyncSample[]): Array<{ at: number; state: string }> {
  const changes: Array<{ at: number; state: string }> = [];
  for (const sample of samples) {
    const state = sample.state === 'unknown' && sample.reportedState ? `unknown ("${sample.reportedState}")` : sample.state;
    if (changes.at(-1)?.state !== state) changes.push({ at: sample.at, state });
  }
  return changes.slice(-8);
}

/** Lag and both offsets of one link over its recent polls; gaps where no current report existed. */
export function LinkHistoryChart({ linkId, samples }: { linkId: string; samples: readonly SyncSample[] }) {
  const time = useLocalTime();
  const data = samples.map((sample) => ({ ...sample }));
  return (
    <figure aria-label={`Lag and offsets of ${linkId} over time`} style={{ margin: 0 }}>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis
              dataKey="at"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(at: number) => time.clock(at)}
              stroke="var(--text-muted)"
              fontSize={12}
            />
            <YAxis yAxisId="offset" domain={['dataMin', 'dataMax']} tickFormatter={(value: number) => formatBytes(value)} stroke="var(--text-muted)" fontSize={12} width={72} />
            <YAxis
              yAxisId="lag"
              orientation="right"
              tickFormatter={(value: number) => formatBytes(value)}
              stroke="var(--warn)"
              fontSize={12}
              width={72}
            />
            <Tooltip
              contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border-strong)' }}
              labelFormatter={(at) => time.clock(Number(at))}
              formatter={(value, name) => [typeof value === 'number' ? formatBytes(value) : 'unknown', name]}
            />
            {SERIES.map((series) => (
              <Line
                key={series.key}
                yAxisId={series.axis}
                type="stepAfter"
                dataKey={series.key}
                name={series.name}
                stroke={series.color}
                strokeWidth={2}
                strokeDasharray={series.key === 'replicaOffset' ? '6 3' : undefined}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart-legend">
        {SERIES.map((series) => (
          <li key={series.key}>
            <span className="chart-legend__swatch" style={{ background: series.color }} aria-hidden="true" />
            {series.name}
            {series.axis === 'lag' ? ' (right axis)' : ''}
          </li>
        ))}
      </ul>
      <figcaption>
        <ol className={styles.transitions} aria-label="State as reported over time">
          {transitions(samples).map((change) => (
            <li key={change.at}>
              {time.clock(change.at)} <strong>{change.state}</strong>
            </li>
          ))}
        </ol>
      </figcaption>
    </figure>
  );
}

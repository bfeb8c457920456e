'use client';

import { CartesianGrid, ReferenceArea, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { formatDuration } from '@/lib/client/format';
import { useLocalTime } from '@/lib/client/use-local-time';
import type { FailoverEventType, FailoverIncidentView } from '@/lib/diagnostics/failover-view';
import { membersLeftOut } from './member-counts';
import { timelineMarkers, timelineRows, type TimelineMarker } from './timeline-rows';

const MARKERS: Record<FailoverEventType, { label: string; color: string; shape: 'cross' | 'triangle' | 'star' | 'circle' }> = {
  crash: { label: 'crash', color: 'var(--bad)', shape: 'cross' },
  detection: { label: 'detection', color: 'var(--warn)', shape: 'triangle' },
  promotion: { label: 'new primary', color: 'var(--info)', shape: 'star' },
  adoption: { label: 'adopted', color: 'var(--good)', shape: 'circle' },
};

const BAR_COLORS = { stale: 'var(--bad)', waiting: 'var(--warn)', adopted: 'var(--good)', lost: 'var(--text-muted)' } as const;

const BAR_WORDS = { stale: 'stale', waiting: 'waiting', adopted: 'adopted after', lost: 'down' } as const;

const ROW_HEIGHT = 34;

/**
 * One row per node and client; markers for crash, detection, promotion and
 * each adoption. A member still on the old ballot has an open bar up to now,
 * red and labelled with its age once past the grace period.
 */
export function IncidentTimeline({ incident, now }: { incident: FailoverIncidentView; now: number }) {
  const time = useLocalTime();
  const rows = timelineRows(incident, now);
  const markers = timelineMarkers(incident, rows);
  const drawn = rows.flatMap((row) => (row.member ? [row.member] : []));
  const folded = incident.memberCount - drawn.length;
  const times = [incident.crashAt, ...markers.map((marker) => marker.at), ...rows.flatMap((row) => (row.bar ? [row.bar.to] : []))];
  const start = Math.min(...times);
  const end = Math.max(...times, start + 1000);
  const pad = Math.max(1000, (end - start) * 0.04);
  const byType = (type: FailoverEventType) => markers.filter((marker) => marker.type === type).map((marker) => ({ ...marker, y: marker.row }));
  // Drawn in this order: adoptions first so the rarer markers stay on top.
  const drawOrder: FailoverEventType[] = ['adoption', 'promotion', 'detection', 'crash'];

  return (
    <figure style={{ margin: 0 }}>
      <div
        role="img"
        aria-label={`Failover timeline of ${incident.oldPrimary}: ${rows.length} members, from ${time.clock(start)} to ${time.clock(end)}`}
        style={{ width: '100%', height: rows.length * ROW_HEIGHT + 56 }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 20, right: 24, bottom: 4, left: 8 }}>
            <ZAxis range={[90, 90]} />
            <CartesianGrid stroke="var(--border)" horizontal={false} />
            <XAxis
              type="number"
              dataKey="at"
              domain={[start - pad, end + pad]}
              tickFormatter={(at: number) => time.clock(at)}
              stroke="var(--text-muted)"
              fontSize={12}
              minTickGap={40}
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={[-0.6, rows.length - 0.4]}
              reversed
              ticks={rows.map((row) => row.index)}
              tickFormatter={(index: number) => rows[index]?.id ?? ''}
              interval={0}
              width={96}
              stroke="var(--text-muted)"
              fontSize={12}
            />
            {rows.map((row) =>
              row.bar ? (
                <ReferenceArea
                  key={`bar-${row.id}`}
                  x1={row.bar.from}
                  x2={row.bar.to}
                  y1={row.index - 0.22}
                  y2={row.index + 0.22}
                  fill={BAR_COLORS[row.bar.tone]}
                  fillOpacity={row.bar.tone === 'stale' ? 0.45 : 0.2}
                  stroke={row.bar.tone === 'stale' ? BAR_COLORS.stale : 'none'}
                  ifOverflow="extendDomain"
                  label={
                    row.bar.open
                      ? { value: `${BAR_WORDS[row.bar.tone]} ${formatDuration(row.bar.to - row.bar.from)} →`, fill: 'var(--text)', fontSize: 11, position: 'insideRight' }
                      : undefined
                  }
                />
              ) : null,
            )}
            <ReferenceLine x={incident.crashAt} stroke={MARKERS.crash.color} strokeDasharray="4 3" />
            {incident.promotionAt !== null ? <ReferenceLine x={incident.promotionAt} stroke={MARKERS.promotion.color} strokeDasharray="4 3" /> : null}
            <ReferenceLine x={now} stroke="var(--text-faint)" label={{ value: 'now', fill: 'var(--text-muted)', fontSize: 11, position: 'top' }} />
            <Tooltip content={<MarkerTooltip />} cursor={false} />
            {drawOrder.map((type) => (
              <Scatter key={type} name={MARKERS[type].label} data={byType(type)} fill={MARKERS[type].color} shape={MARKERS[type].shape} isAnimationActive={false} />
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart-legend" aria-hidden="true">
        {(Object.keys(MARKERS) as FailoverEventType[]).map((type) => (
          <li key={type}>
            <span className="chart-legend__swatch" style={{ background: MARKERS[type].color }} />
            {MARKERS[type].label}
          </li>
        ))}
        <li>
          <span className="chart-legend__swatch" style={{ background: BAR_COLORS.stale }} />
          still on the old ballot
        </li>
      </ul>
      {folded > 0 ? (
        <figcaption className="muted">
          {folded.toLocaleString('en-US')} more member{folded === 1 ? '' : 's'} not drawn: {membersLeftOut(incident, drawn)}.
        </figcaption>
      ) : null}
    </figure>
  );
}

function MarkerTooltip({ active, payload }: { active?: boolean; payload?: { payload: TimelineMarker }[] }) {
  const time = useLocalTime();
  const marker = active ? payload?.[0]?.payload : undefined;
  if (!marker) return null;
  return (
    <div className="chart-tooltip">
      <strong>{MARKERS[marker.type].label}</strong> at {time.clock(marker.at)}
      <br />
      {marker.detail}
    </div>
  );
}

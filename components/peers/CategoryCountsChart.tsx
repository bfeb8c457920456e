'use client';

import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PeersNodeView } from '@/lib/diagnostics/peers-view';
import { categoryOrder } from '@/lib/diagnostics/peers-nodes-summary';
import { categoryColor, UNDECLARED_COLOR } from './category-colors';

/** Last known counts of a node that is not answering are drawn faded. */
const STALE_OPACITY = 0.35;
/** Bars whose node names all fit under them in a half-width panel. */
const EVERY_LABEL_UP_TO = 12;

type Row = Record<string, number | string | boolean> & { node: string; label: string; stale: boolean };

/**
 * Peers per category on each node, stacked; a node we cannot see now is drawn
 * faded and labelled stale. The server picks the nodes (`charted` of
 * `chartable`, lib/diagnostics/peers-nodes-summary.ts).
 */
export function CategoryCountsChart({ charted: shown, chartable }: { charted: readonly PeersNodeView[]; chartable: number }) {
  const categories = categoryOrder(shown);
  const undeclared = [...new Set(shown.flatMap((node) => Object.keys(node.undeclaredCounts)))];
  const rows: Row[] = shown.map((node) => {
    const stale = node.dataStatus === 'stale';
    const row: Row = { node: node.id, label: stale ? `${node.id} (stale)` : node.id, stale };
    for (const name of categories) row[name] = node.counts[name] ?? 0;
    for (const name of undeclared) row[`undeclared: ${name}`] = node.undeclaredCounts[name] ?? 0;
    return row;
  });
  const description = shown
    .map((node) => `${node.id}${node.dataStatus === 'stale' ? ' (stale)' : ''}: ${categories.map((c) => `${c} ${node.counts[c] ?? 0}`).join(', ')}`)
    .join('; ');

  return (
    <>
    {chartable > shown.length ? (
      <p className="muted">
        {shown.length} of {chartable.toLocaleString('en-US')} nodes charted (stale ones and those with peers out of place first); the table below lists every node.
      </p>
    ) : null}
    <div className="chart-box" role="img" aria-label={`Peers per category per node. ${description}`} style={{ height: '18rem' }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          {/* Every name while they fit; past that recharts drops the names that would overlap (the tooltip and the table name each node). */}
          <XAxis dataKey="label" stroke="var(--text-muted)" fontSize={12} interval={rows.length <= EVERY_LABEL_UP_TO ? 0 : 'preserveStartEnd'} minTickGap={12} />
          <YAxis stroke="var(--text-muted)" fontSize={12} allowDecimals={false} width={40} />
          <Tooltip cursor={{ fill: 'rgba(255,255,255,0.06)' }} contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border-strong)' }} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {categories.map((name, rank) => (
            <Bar key={name} dataKey={name} stackId="peers" fill={categoryColor(rank)} isAnimationActive={false}>
              {rows.map((row) => (
                <Cell key={row.node} fillOpacity={row.stale ? STALE_OPACITY : 1} />
              ))}
            </Bar>
          ))}
          {undeclared.map((name) => (
            <Bar key={name} dataKey={`undeclared: ${name}`} stackId="peers" fill={UNDECLARED_COLOR} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
    </>
  );
}

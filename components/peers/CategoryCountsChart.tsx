'use client';

import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PeersNodeView } from '@/lib/diagnostics/peers-view';
import { categoryColor, categoryOrder, UNDECLARED_COLOR } from './category-colors';

/** Last known counts of a node that is not answering are drawn faded. */
const STALE_OPACITY = 0.35;

/** More bars than this are unreadable (and thousands cost thousands of SVG elements): the table lists every node. */
const CHARTED_NODES = 60;

/** Nodes that need a look first: stale, then those with peers in no category or in several. */
function needsLook(node: PeersNodeView): number {
  return (node.dataStatus === 'stale' ? 1_000_000 : 0) + node.peersInGap + node.peersInSeveralCategories;
}

type Row = Record<string, number | string | boolean> & { node: string; label: string; stale: boolean };

/** Peers per category on each node, stacked; a node we cannot see now is drawn faded and labelled stale. */
export function CategoryCountsChart({ nodes }: { nodes: readonly PeersNodeView[] }) {
  const withData = nodes.filter((node) => node.dataStatus === 'ok' || node.dataStatus === 'stale');
  const shown = withData.length <= CHARTED_NODES ? withData : [...withData].sort((a, b) => needsLook(b) - needsLook(a)).slice(0, CHARTED_NODES);
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
    {withData.length > shown.length ? (
      <p className="muted">
        {shown.length} of {withData.length.toLocaleString('en-US')} nodes charted (stale ones and those with peers out of place first); the table below lists every node.
      </p>
    ) : null}
    <div className="chart-box" role="img" aria-label={`Peers per category per node. ${description}`} style={{ height: '18rem' }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="label" stroke="var(--text-muted)" fontSize={12} interval={0} />
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

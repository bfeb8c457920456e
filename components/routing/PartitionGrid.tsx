'use client';

import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { RoutingDiffEntry, RoutingGrid } from '@/lib/diagnostics/routing-view';
import { decodeRuns } from '@/lib/diagnostics/routing-view';
import { membersText } from '@/lib/diagnostics/routing-table';
import { drawGrid } from './draw-grid';
import { gridColors } from './owner-colors';
import { gridLayout, partitionAt } from './grid-layout';
import { GridLegend } from './GridLegend';
import { OwnerRangesTable } from './OwnerRangesTable';
import styles from './routing.module.css';

type Hover = { partition: number; x: number; y: number };

/**
 * The partition grid on a <canvas> (16,384 DOM cells would be slow): one
 * square per partition coloured by its current owner in the chosen view,
 * partitions where node views differ marked. Hover (or type a partition
 * number) for a readout; the owner table below is the text alternative.
 */
export function PartitionGrid({ grid, diff }: { grid: RoutingGrid; diff: readonly RoutingDiffEntry[] }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<Hover | null>(null);
  const [lookup, setLookup] = useState<number | null>(null);

  const owners = useMemo(() => decodeRuns(grid.runs, grid.partitionCount), [grid.runs, grid.partitionCount]);
  const diffByPartition = useMemo(() => new Map(diff.map((entry) => [entry.partition, entry])), [diff]);
  const differing = useMemo(() => new Set(diffByPartition.keys()), [diffByPartition]);
  const layout = useMemo(() => gridLayout(grid.partitionCount, width), [grid.partitionCount, width]);
  const selected = hover?.partition ?? lookup;

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const observer = new ResizeObserver((entries) => setWidth(Math.floor(entries[0].contentRect.width)));
    observer.observe(wrap);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.ceil(layout.width * ratio);
    canvas.height = Math.ceil(layout.height * ratio);
    canvas.style.width = `${layout.width}px`;
    canvas.style.height = `${layout.height}px`;
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawGrid(context, layout, owners, differing, selected, gridColors(getComputedStyle(canvas)));
  }, [layout, owners, differing, selected, width]);

  function onMove(event: MouseEvent<HTMLCanvasElement>) {
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    const partition = partitionAt(layout, grid.partitionCount, x, y);
    setHover(partition === null ? null : { partition, x, y });
  }

  const readoutPartition = hover?.partition ?? lookup;
  const readout = readoutPartition === null ? null : describe(readoutPartition, owners, grid.owners, diffByPartition.get(readoutPartition));
  const viewName = grid.source === 'consensus' ? 'the consensus view' : `${grid.source}'s own table`;

  return (
    <div className={styles.gridBlock}>
      <GridLegend runs={grid.runs} owners={grid.owners} differing={diff.length} />
      <div ref={wrapRef} className={styles.canvasWrap}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`Partition grid: ${grid.partitionCount} partitions coloured by current owner in ${viewName}`}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
          className={styles.canvas}
        />
        {hover && readout ? (
          <div className={styles.tooltip} style={{ left: Math.min(hover.x + 14, Math.max(0, layout.width - 260)), top: hover.y + 14 }} aria-hidden="true">
            {readout}
          </div>
        ) : null}
      </div>
      <div className={styles.lookup}>
        <label>
          Look up partition{' '}
          <input
            type="number"
            min={0}
            max={grid.partitionCount - 1}
            inputMode="numeric"
            onChange={(event) => {
              const value = event.currentTarget.valueAsNumber;
              setLookup(Number.isInteger(value) && value >= 0 && value < grid.partitionCount ? value : null);
            }}
          />
        </label>
        <output aria-live="polite" className={styles.readout}>
          {readout ?? 'Hover a cell or type a partition number.'}
        </output>
      </div>
      <OwnerRangesTable runs={grid.runs} owners={grid.owners} viewName={viewName} />
    </div>
  );
}

function describe(partition: number, owners: Int32Array, names: readonly string[], diff: RoutingDiffEntry | undefined): string {
  const owner = owners[partition];
  const base = `Partition ${partition}: ${owner >= 0 ? `owner ${names[owner] ?? '?'}` : 'no owner'}`;
  if (!diff) return base;
  const says = diff.says.map((entry) => `${membersText(entry)} say ${entry.owner ?? 'no owner'}`).join('; ');
  return `${base} — views differ: ${says}`;
}

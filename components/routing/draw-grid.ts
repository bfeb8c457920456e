import type { GridLayout } from './grid-layout';
import { UNOWNED_FRAME, ownerColor } from './owner-colors';

/**
 * Paints the partition grid on a 2D canvas context: one filled square per
 * partition in its owner's colour, a red frame on cells with no owner, and a
 * white mark on partitions where views differ. Plain canvas calls, no React,
 * so the bench can time exactly this at 16,384 partitions.
 */
export function drawGrid(
  context: CanvasRenderingContext2D,
  layout: GridLayout,
  owners: Int32Array,
  differing: ReadonlySet<number>,
  selected: number | null,
): void {
  const { columns, cell, gap } = layout;
  const pitch = cell + gap;
  context.clearRect(0, 0, layout.width, layout.height);
  let fill = '';
  // Runs of one owner are contiguous, so the fill style changes rarely.
  for (let p = 0; p < owners.length; p++) {
    const color = ownerColor(owners[p]);
    if (color !== fill) {
      fill = color;
      context.fillStyle = color;
    }
    context.fillRect((p % columns) * pitch, Math.floor(p / columns) * pitch, cell, cell);
  }
  const frame = Math.max(1, Math.floor(cell / 6));
  context.lineWidth = frame;
  context.strokeStyle = UNOWNED_FRAME;
  for (let p = 0; p < owners.length; p++) {
    if (owners[p] >= 0) continue;
    context.strokeRect((p % columns) * pitch + frame / 2, Math.floor(p / columns) * pitch + frame / 2, cell - frame, cell - frame);
  }
  context.fillStyle = '#ffffff';
  const mark = Math.max(1, Math.floor(cell / 2.5));
  for (const p of differing) {
    if (p >= owners.length) continue;
    const x = (p % columns) * pitch;
    const y = Math.floor(p / columns) * pitch;
    // A white corner triangle: readable on every owner colour, even on 3 px cells.
    context.beginPath();
    context.moveTo(x + cell - mark, y);
    context.lineTo(x + cell, y);
    context.lineTo(x + cell, y + mark);
    context.closePath();
    context.fill();
  }
  if (selected !== null && selected < owners.length) {
    context.lineWidth = 2;
    context.strokeStyle = '#ffd166';
    context.strokeRect((selected % columns) * pitch - 1, Math.floor(selected / columns) * pitch - 1, cell + 2, cell + 2);
  }
}

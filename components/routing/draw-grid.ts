import type { GridLayout } from './grid-layout';
import type { GridColors } from './owner-colors';

/**
 * Paints the partition grid on a 2D canvas context: one filled square per
 * partition in its owner's colour, a red frame on cells with no owner, and a
 * white corner mark on partitions where views differ. Plain canvas calls, no React,
 * so the bench can time exactly this at 16,384 partitions.
 */
export function drawGrid(
  context: CanvasRenderingContext2D,
  layout: GridLayout,
  owners: Int32Array,
  differing: ReadonlySet<number>,
  selected: number | null,
  colors: GridColors,
): void {
  const { columns, cell, gap } = layout;
  const pitch = cell + gap;
  context.clearRect(0, 0, layout.width, layout.height);
  let fill = '';
  // Runs of one owner are contiguous, so the fill style changes rarely.
  for (let p = 0; p < owners.length; p++) {
    const color = colors.owner(owners[p]);
    if (color !== fill) {
      fill = color;
      context.fillStyle = color;
    }
    context.fillRect((p % columns) * pitch, Math.floor(p / columns) * pitch, cell, cell);
  }
  // Only fillRect below: thousands of paths or strokes would cost far more at 16,384 cells.
  const frame = Math.max(1, Math.floor(cell / 6));
  for (let p = 0; p < owners.length; p++) {
    if (owners[p] >= 0) continue;
    const x = (p % columns) * pitch;
    const y = Math.floor(p / columns) * pitch;
    context.fillStyle = colors.unownedFrame;
    context.fillRect(x, y, cell, cell);
    context.fillStyle = colors.unowned;
    context.fillRect(x + frame, y + frame, cell - 2 * frame, cell - 2 * frame);
  }
  // A white square in the top-right corner: readable on every owner colour, even on 3 px cells.
  context.fillStyle = colors.mark;
  const mark = Math.max(1, Math.ceil(cell / 2.5));
  for (const p of differing) {
    if (p >= owners.length) continue;
    context.fillRect((p % columns) * pitch + cell - mark, Math.floor(p / columns) * pitch, mark, mark);
  }
  if (selected !== null && selected < owners.length) {
    context.lineWidth = 2;
    context.strokeStyle = colors.selected;
    context.strokeRect((selected % columns) * pitch - 1, Math.floor(selected / columns) * pitch - 1, cell + 2, cell + 2);
  }
}

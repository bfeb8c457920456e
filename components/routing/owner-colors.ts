/** One colour per owner index, stable across views; distinct for a dozen nodes, then spread by the golden angle. */
const PALETTE = [
  '#4e9af1', '#f39c4a', '#5cc689', '#c77dde', '#e8c547', '#4fc7c7',
  '#ef7a9b', '#9bb86b', '#8f8ff0', '#d9925f', '#62b0a0', '#c9c9c9',
];

/** Cells with no owner: dark, drawn with a red frame so they stand out. */
export const UNOWNED_COLOR = '#1a1f27';
export const UNOWNED_FRAME = '#ff6b6b';

export function ownerColor(index: number): string {
  if (index < 0) return UNOWNED_COLOR;
  if (index < PALETTE.length) return PALETTE[index];
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue} 55% 60%)`;
}

/**
 * Owner colours come from the CSS tokens --owner-0 … --owner-11 (app/globals.css):
 * distinct for a dozen nodes, then spread by the golden angle.
 */
export const OWNER_TOKENS = 12;

function spread(index: number): string {
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue} 55% 60%)`;
}

/** For HTML and SVG, which resolve the token themselves. */
export function ownerColor(index: number): string {
  if (index < 0) return 'var(--owner-none)';
  return index < OWNER_TOKENS ? `var(--owner-${index})` : spread(index);
}

export const UNOWNED_FRAME = 'var(--bad)';

/** What the canvas paints with: the same tokens, resolved (a canvas cannot read var()). */
export type GridColors = { owner(index: number): string; unowned: string; unownedFrame: string; mark: string; selected: string };

/** Reads the tokens from computed style once per paint. */
export function gridColors(style: Pick<CSSStyleDeclaration, 'getPropertyValue'>): GridColors {
  const token = (name: string) => style.getPropertyValue(`--${name}`).trim();
  const palette = Array.from({ length: OWNER_TOKENS }, (_, index) => token(`owner-${index}`));
  const unowned = token('owner-none');
  return {
    owner: (index) => (index < 0 ? unowned : (palette[index] ?? spread(index))),
    unowned,
    unownedFrame: token('bad'),
    mark: token('grid-mark'),
    selected: token('focus'),
  };
}

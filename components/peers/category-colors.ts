/** One colour per category position (best → worst), from the CSS tokens --category-0 … --category-7, so the same rank looks the same on every node. */
const RANK_TOKENS = 8;

/** Names the node did not declare stand out in red: they are a symptom, not a category. */
export const UNDECLARED_COLOR = 'var(--bad)';

export function categoryColor(rank: number): string {
  return rank < 0 ? UNDECLARED_COLOR : `var(--category-${rank % RANK_TOKENS})`;
}

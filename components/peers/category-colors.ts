/** One colour per category position (best → worst), so the same rank looks the same on every node. */
const RANK_COLORS = ['#4cc38a', '#6cb6ff', '#b392f0', '#f5b942', '#f78c6c', '#56d4dd', '#e879c6', '#a3acb9'];

/** Names the node did not declare stand out in red: they are a symptom, not a category. */
export const UNDECLARED_COLOR = '#ff6b6b';

export function categoryColor(rank: number): string {
  return rank < 0 ? UNDECLARED_COLOR : RANK_COLORS[rank % RANK_COLORS.length];
}

/** Every category name across nodes, in the order nodes declare them (first declaration wins). */
export function categoryOrder(nodes: readonly { categories: readonly string[] }[]): string[] {
  const order: string[] = [];
  for (const node of nodes) for (const name of node.categories) if (!order.includes(name)) order.push(name);
  return order;
}

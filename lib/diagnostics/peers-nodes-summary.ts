import type { PeersNodeView } from './peers-view';

/**
 * What the peers page needs of every node at once, so the per-node table can
 * come a page at a time: the category columns, the counts in the header, the
 * nodes named as not answering, the node filter's choices and the charted
 * nodes. Bounded at any cluster size.
 */
export type PeersNodesSummary = {
  /** Every configured target. */
  total: number;
  /** Nodes whose source provides peer categories (the table's rows). */
  withPeers: number;
  /** Every category name across those nodes, in the order nodes declare them. */
  categories: string[];
  /** Some node listed peers under a category it did not declare. */
  anyUndeclared: boolean;
  /** Nodes not answering, shown with their last known categories; the first of them named. */
  stale: { count: number; named: { id: string; dataFrom: number | null }[] };
  /** Nodes whose source provides no peer categories; the first of them named. */
  unavailable: { count: number; named: string[] };
  /** The node filter's choices; null when there are too many to list (the filter is typed then). */
  choices: string[] | null;
  /** Nodes with categories to chart (answering or stale). */
  chartable: number;
  /** The nodes the chart draws: all when few, else stale ones and those with peers out of place first. */
  charted: PeersNodeView[];
};

/** Nodes named in a list of stale or unavailable ones; the count says the rest. */
export const NAMED_NODES = 50;
/** More choices than this are typed, not picked (components/ui/ChoiceOrText.tsx lists up to as many). */
export const LISTED_CHOICES = 200;
/** More bars than this are unreadable (and thousands cost thousands of SVG elements): the table lists every node. */
export const CHARTED_NODES = 60;

/** Nodes that need a look first: stale, then those with peers in no category or in several. */
function needsLook(node: PeersNodeView): number {
  return (node.dataStatus === 'stale' ? 1_000_000 : 0) + node.peersInGap + node.peersInSeveralCategories;
}

/** The `count` nodes that need a look first, in that order (ties keep config order). */
function mostInNeedOfALook(nodes: readonly PeersNodeView[], count: number): PeersNodeView[] {
  return nodes
    .map((node, index) => ({ node, index, score: needsLook(node) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .map(({ node }) => node);
}

/** Every category name across nodes, in the order nodes declare them (first declaration wins). */
export function categoryOrder(nodes: readonly { categories: readonly string[] }[]): string[] {
  const order = new Set<string>();
  for (const node of nodes) for (const name of node.categories) order.add(name);
  return [...order];
}

/** The table's rows: every node whose source provides peer categories, in config order. */
export function nodesWithPeers(nodes: readonly PeersNodeView[]): PeersNodeView[] {
  return nodes.filter((node) => node.dataStatus !== 'unavailable');
}

export function summarizePeersNodes(nodes: readonly PeersNodeView[]): PeersNodesSummary {
  const withPeers = nodesWithPeers(nodes);
  const stale = withPeers.filter((node) => node.dataStatus === 'stale');
  const unavailable = nodes.filter((node) => node.dataStatus === 'unavailable');
  const withData = withPeers.filter((node) => node.dataStatus === 'ok' || node.dataStatus === 'stale');
  const charted = withData.length <= CHARTED_NODES ? withData : mostInNeedOfALook(withData, CHARTED_NODES);
  return {
    total: nodes.length,
    withPeers: withPeers.length,
    categories: categoryOrder(withPeers),
    anyUndeclared: withPeers.some((node) => Object.keys(node.undeclaredCounts).length > 0),
    stale: { count: stale.length, named: stale.slice(0, NAMED_NODES).map((node) => ({ id: node.id, dataFrom: node.dataFrom })) },
    unavailable: { count: unavailable.length, named: unavailable.slice(0, NAMED_NODES).map((node) => node.id) },
    choices: withPeers.length <= LISTED_CHOICES ? withPeers.map((node) => node.id) : null,
    chartable: withData.length,
    charted,
  };
}

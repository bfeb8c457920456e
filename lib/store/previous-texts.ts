import type { NodeReport } from '@/lib/contract/report';

/** Swaps each text of `next` equal to the one `previous` holds under the same key for that older copy. */
function reuseEqualTexts(next: object, previous: object): void {
  const target = next as Record<string, unknown>;
  const source = previous as Record<string, unknown>;
  for (const key in target) {
    const value = target[key];
    if (typeof value !== 'string') continue;
    const before = source[key];
    if (before === value) target[key] = before;
  }
}

/** The same, item by item, for two lists whose items are matched by `id` at the same place (most answers list in the same order). */
function reuseEqualTextsInList(next: readonly { id: string }[], previous: readonly { id: string }[]): void {
  const count = Math.min(next.length, previous.length);
  for (let index = 0; index < count; index += 1) {
    if (next[index].id === previous[index].id) reuseEqualTexts(next[index], previous[index]);
  }
}

/**
 * A node's answer repeats most of its texts from one poll to the next (peer
 * ids, addresses and since-times, categories, link ids and states, the node's
 * version). Each parse makes fresh copies, and the stored report keeps them a
 * whole poll interval, so at 5,000 nodes ~6 MB of equal strings a cycle were
 * promoted to the old generation only to replace the same texts. Where the
 * previous answer has the text at the same place, the new report takes that
 * older copy and the parsed one dies young. Only equal texts are swapped, in
 * parts of the new report no one else has read yet: what any reader sees is
 * unchanged.
 */
export function reusePreviousTexts(next: NodeReport, previous: NodeReport | undefined): void {
  if (!previous || next.status !== 'ok') return;
  if (next.node && previous.node) reuseEqualTexts(next.node, previous.node);
  if (next.peers && previous.peers) reuseEqualTextsInList(next.peers.peers, previous.peers.peers);
  if (next.sync && previous.sync) reuseEqualTextsInList(next.sync.links, previous.sync.links);
}

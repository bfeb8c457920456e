import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False on the server and during hydration, true afterwards. Views that show
 * fetched data render their skeleton until then: the shared browser query cache
 * may already hold data when a later chunk hydrates, and the server never does.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

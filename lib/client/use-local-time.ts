import { useSyncExternalStore } from 'react';
import { formatClock, formatDateTime } from './format';

export type LocalTimeFormat = {
  /** 03:12:45 in the browser's zone. */
  clock(at: number): string;
  /** Date and time in the browser's zone. */
  dateTime(at: number): string;
};

const IN_BROWSER: LocalTimeFormat = { clock: formatClock, dateTime: formatDateTime };
// What the server renders (and hydration expects) in place of a wall-clock time.
const NOT_YET: LocalTimeFormat = { clock: () => '…', dateTime: () => '…' };

const subscribeToNothing = () => () => {};

/**
 * Wall-clock times in the browser's time zone. The server does not know that
 * zone, so it renders "…" and the browser fills the times in right after
 * hydration; formatting them on the server would show the server's zone and
 * break hydration wherever the two zones differ.
 */
export function useLocalTime(): LocalTimeFormat {
  return useInBrowser() ? IN_BROWSER : NOT_YET;
}

/** False on the server and while hydrating, true right after: for what only the browser can know (its time zone). */
export function useInBrowser(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}

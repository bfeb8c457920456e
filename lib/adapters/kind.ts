import type { AdapterContext, SourceAdapter } from './types';

export type DiscoverOptions = { timeoutMs: number };
export type Discovered<Target> = { targets: Target[]; error: string | null };

/**
 * Everything the rest of the server needs to know about one kind of source.
 * Nothing outside lib/adapters/<kind>/ switches on a target's kind.
 */
export interface SourceKind<Target extends { id: string; kind: string }> {
  /** Shown in the UI and the API ("Redis / Valkey / Pika"). */
  readonly label: string;
  /**
   * The "host:port" that identifies the target: shown beside it, matched against
   * addresses nodes report about each other, and checked for duplicates.
   */
  address(target: Target): string;
  /** One adapter per target, kept for the life of the collector. */
  create(target: Target, context: AdapterContext): SourceAdapter;
  /**
   * Expands a seed into the members the cluster itself reports (only when the
   * target asks for it, e.g. `discover: true`). Never throws; the seed stays.
   */
  discover?(target: Target, options: DiscoverOptions): Promise<Discovered<Target>>;
}

import 'server-only';
import { mayRead, type ClusterAccess } from '@/lib/auth/access';
import type { ClusterRuntime } from './runtime';

export type RuntimeMode = 'demo' | 'config';

/**
 * The whole process: every cluster's runtime, side by side. Each cluster has
 * its own collector and schedule, so a slow or broken cluster never delays another.
 */
export class Dashboard {
  private readonly byName: Map<string, ClusterRuntime>;
  readonly startedAt = Date.now();

  constructor(
    readonly mode: RuntimeMode,
    readonly clusters: readonly ClusterRuntime[],
    readonly demoControlUrl: string | null,
    private readonly onStop: () => Promise<void> = async () => {},
  ) {
    this.byName = new Map(clusters.map((cluster) => [cluster.name, cluster]));
  }

  /**
   * The same dashboard as one reader may see it: only their clusters, everywhere
   * (lists, cross-cluster findings, lookups by name). Shares the runtimes; never started or stopped.
   */
  visibleTo(access: ClusterAccess): Dashboard {
    if (access.clusters === '*') return this;
    return new Dashboard(this.mode, this.clusters.filter((cluster) => mayRead(access, cluster.name)), this.demoControlUrl);
  }

  cluster(name: string): ClusterRuntime | null {
    return this.byName.get(name) ?? null;
  }

  now(): number {
    return Date.now();
  }

  start(delayMs = 0): void {
    for (const cluster of this.clusters) cluster.start(delayMs);
  }

  async stop(): Promise<void> {
    await Promise.all(this.clusters.map((cluster) => cluster.stop()));
    await this.onStop();
  }

  /** Ready once every cluster has polled every one of its targets once. */
  waitingFor(): ClusterRuntime[] {
    return this.clusters.filter((cluster) => cluster.firstCycleAt === null);
  }
}

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusterConfig } from './load';

describe('examples/clusters.yaml', () => {
  it('is a valid config with two clusters of different kinds and intervals', () => {
    const result = loadClusterConfig(path.join(process.cwd(), 'examples', 'clusters.yaml'));
    if (!result.ok) throw new Error(result.message);
    expect(result.config.clusters.map((cluster) => [cluster.name, cluster.pollInterval, cluster.targets[0].kind])).toEqual([
      ['payments-store', 5000, 'native'],
      ['checkout-cache', 10_000, 'redis'],
    ]);
  });
});

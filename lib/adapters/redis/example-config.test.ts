import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusterConfig } from '@/lib/config/load';

describe('examples/redis-cluster.yaml', () => {
  it('is a valid cluster config with redis targets', () => {
    const result = loadClusterConfig(path.join(process.cwd(), 'examples', 'redis-cluster.yaml'));
    if (!result.ok) throw new Error(result.message);
    expect(result.config.clusters[0].targets.every((target) => target.kind === 'redis')).toBe(true);
    expect(result.config.clusters[0].targets.find((target) => target.id === 'cache-seed')).toMatchObject({ discover: true, flavor: 'auto' });
  });
});

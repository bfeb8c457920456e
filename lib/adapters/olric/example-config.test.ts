import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusterConfig, validateClusterConfig } from '@/lib/config/load';

describe('examples/olric.yaml', () => {
  it('is a valid cluster config with an olric seed', () => {
    const result = loadClusterConfig(path.join(process.cwd(), 'examples', 'olric.yaml'));
    if (!result.ok) throw new Error(result.message);
    expect(result.config.clusters[0].targets).toEqual([{ id: 'olric-seed', kind: 'olric', address: '10.0.2.11:3320', discover: true }]);
  });

  it('an olric target with a wrong address or an unknown key is refused with the path', () => {
    const bad = validateClusterConfig({ cluster: 'c', targets: [{ id: 'o', kind: 'olric', address: 'nope', password: 'x' }] }, 'test.yaml');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/targets\[0\]/);
    expect(!bad.ok && bad.message).toMatch(/host:port/);
  });
});

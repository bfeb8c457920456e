import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusterConfig } from '@/lib/config/load';

describe('examples/pegasus.yaml', () => {
  it('is a valid cluster config with a pegasus target listing its meta servers', () => {
    const result = loadClusterConfig(path.join(process.cwd(), 'examples', 'pegasus.yaml'));
    if (!result.ok) throw new Error(result.message);
    expect(result.config.clusters[0].targets[0]).toMatchObject({ id: 'pegasus', kind: 'pegasus', metaServers: ['10.0.2.11:34601', '10.0.2.12:34601', '10.0.2.13:34601'] });
  });

  it('refuses a pegasus target without meta servers, with the path and what was expected', () => {
    const bad = path.join(process.cwd(), 'lib', 'adapters', 'pegasus', 'fixtures', 'no-meta-servers.yaml');
    const result = loadClusterConfig(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/targets\[0\]\.metaServers/);
  });
});

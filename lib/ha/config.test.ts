import { describe, expect, it } from 'vitest';
import { validateClusterConfig } from '@/lib/config/load';
import { haConfigSchema, haFromEnv, haSettings, haStorageProblem } from './config';

const cluster = { cluster: 'alpha', targets: [{ id: 'n1', kind: 'native', url: 'http://127.0.0.1:1' }] };

describe('ha: in the config', () => {
  it('is off by default, with a 2 s lock retry and a 6 s session timeout', () => {
    expect(haConfigSchema.parse(undefined)).toEqual({ enabled: false, lockRetry: 2000, sessionTimeout: 6000 });
  });

  it('enabled without storage.engine postgres is a config error naming both keys', () => {
    const result = validateClusterConfig({ ...cluster, ha: { enabled: true } }, 'test.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/ha\.enabled.*ha\.enabled needs storage\.engine "postgres".*storage\.engine is "sqlite"/s);
  });

  it('is accepted on postgres, durations as text', () => {
    const result = validateClusterConfig({ ...cluster, storage: { engine: 'postgres', postgres: { urlEnv: 'PG_URL' } }, ha: { enabled: true, replicaId: 'web-1', lockRetry: '1s', sessionTimeout: '5s' } }, 'test.yaml');
    expect(result.ok && result.config.ha).toEqual({ enabled: true, replicaId: 'web-1', lockRetry: 1000, sessionTimeout: 5000 });
  });

  it('refuses a session timeout shorter than two lock retries, and a replica id with spaces or markup', () => {
    expect(haConfigSchema.safeParse({ lockRetry: '2s', sessionTimeout: '3s' }).success).toBe(false);
    expect(haConfigSchema.safeParse({ replicaId: 'web 1' }).success).toBe(false);
    expect(haConfigSchema.safeParse({ replicaId: '<b>x</b>' }).success).toBe(false);
  });

  it('CLUSTERSCOPE_HA=on enables it and CLUSTERSCOPE_REPLICA_ID names the replica; the default name is host and pid', () => {
    const config = haFromEnv(haConfigSchema.parse(undefined), { CLUSTERSCOPE_HA: 'on', CLUSTERSCOPE_REPLICA_ID: 'web-9' });
    expect(config).toMatchObject({ enabled: true, replicaId: 'web-9' });
    expect(haSettings(haConfigSchema.parse(undefined)).replicaId).toMatch(new RegExp(`-${process.pid}$`));
    expect(haStorageProblem(config, 'postgres')).toBeNull();
    expect(haStorageProblem(config, 'memory')).toMatch(/storage\.engine is "memory"/);
  });
});

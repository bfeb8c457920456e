import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusterConfig } from './load';

const dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-config-'));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function errorOf(file: string): string {
  const result = loadClusterConfig(file);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.message;
}

describe('cluster config', () => {
  it('loads YAML with defaults and durations', () => {
    const file = write('ok.yaml', 'cluster: prod\npollInterval: 10s\ntargets:\n  - { id: a, kind: native, url: "http://10.0.0.1:9100" }\n');
    const result = loadClusterConfig(file);
    // The single-cluster form of earlier versions means one cluster.
    expect(result.ok && result.config.clusters).toEqual([
      expect.objectContaining({
        name: 'prod',
        pollInterval: 10_000,
        requestTimeout: 2000,
        maxResponseBytes: 5 * 1024 * 1024,
        diagnostics: expect.objectContaining({ stalledAfterPolls: 3 }),
        logs: expect.objectContaining({ retention: 100_000 }),
      }),
    ]);
  });

  it('loads JSON', () => {
    const file = write('ok.json', JSON.stringify({ cluster: 'j', targets: [{ id: 'a', kind: 'native', url: 'https://n:1' }] }));
    expect(loadClusterConfig(file).ok).toBe(true);
  });

  it('names a missing file and says what to do', () => {
    const file = path.join(dir, 'missing.yaml');
    expect(errorOf(file)).toBe(
      `Cannot read cluster config ${file}: no such file. Set CLUSTER_CONFIG to a readable YAML or JSON file, or unset it to run the demo cluster.`,
    );
  });

  it('reports bad YAML with the line and column', () => {
    const file = write('bad.yaml', 'cluster: x\ntargets: [\n  - a\n');
    expect(errorOf(file)).toMatch(new RegExp(`^Cannot parse cluster config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*line \\d+, column \\d+.*\\(expected YAML or JSON\\)$`));
  });

  it('rejects an unknown key with its path', () => {
    const file = write('unknown.yaml', 'cluster: x\npollIntervall: 5s\ntargets:\n  - { id: a, kind: native, url: "http://n:1", token: x }\n');
    expect(errorOf(file)).toBe(
      [
        `Invalid cluster config ${file}:`,
        '  - targets[0]: unknown key "token" (check the spelling; see docs/configuration.md)',
        '  - (top level): unknown key "pollIntervall" (check the spelling; see docs/configuration.md)',
      ].join('\n'),
    );
  });

  it('rejects a bad URL with its path and an example', () => {
    const file = write('url.yaml', 'cluster: x\ntargets:\n  - { id: a, kind: native, url: "ftp://n:1" }\n');
    expect(errorOf(file)).toBe(
      `Invalid cluster config ${file}:\n  - targets[0].url: expected an http(s) URL without user:password (use bearerTokenEnv for credentials), like "http://10.0.0.5:9100"`,
    );
  });

  it('rejects credentials written into a URL', () => {
    const file = write('creds.yaml', 'cluster: x\ntargets:\n  - { id: a, kind: native, url: "http://admin:secret@n:1" }\n');
    expect(errorOf(file)).toMatch(/targets\[0\]\.url: expected an http\(s\) URL without user:password/);
  });

  it('rejects duplicate ids naming both places', () => {
    const file = write('dup.yaml', 'cluster: x\ntargets:\n  - { id: a, kind: native, url: "http://n:1" }\n  - { id: a, kind: native, url: "http://n:2" }\n');
    expect(errorOf(file)).toBe(
      `Invalid cluster config ${file}:\n  - targets[1].id: duplicate target id "a" (already used by targets[0])`,
    );
  });

  it('rejects two targets on the same address, naming both', () => {
    const file = write(
      'same-address.yaml',
      'cluster: x\ntargets:\n  - { id: a, kind: redis, address: "10.0.0.7:6379" }\n  - { id: b, kind: native, url: "http://n:1" }\n  - { id: c, kind: redis, address: "10.0.0.7:6379", passwordEnv: OTHER }\n',
    );
    expect(errorOf(file)).toBe(
      `Invalid cluster config ${file}:\n  - targets[2]: target "c" has the same address 10.0.0.7:6379 as target "a" (targets[0]); list each node once`,
    );
  });

  it('answers a YAML alias bomb with the file and what to do, not a stack trace', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [previous, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g']]) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const file = write('bomb.yaml', `${levels.join('\n')}\ncluster: x\ntargets: []\n`);
    const started = performance.now();
    expect(errorOf(file)).toMatch(new RegExp(`^Cannot parse cluster config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*alias.*write the values out\\)$`));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rejects a missing cluster name and an empty target list', () => {
    const file = write('empty.yaml', 'targets: []\n');
    expect(errorOf(file)).toBe(
      `Invalid cluster config ${file}:\n  - cluster: missing: expected the cluster name (text)\n  - targets: expected at least one target`,
    );
  });

  it('rejects a password in place of an env var name', () => {
    const file = write('redis.yaml', 'cluster: x\ntargets:\n  - { id: r, kind: redis, address: "10.0.0.7:6379", passwordEnv: "hunter2!" }\n');
    expect(errorOf(file)).toBe(
      `Invalid cluster config ${file}:\n  - targets[0].passwordEnv: expected the NAME of an environment variable, not its value`,
    );
  });

  it('rejects a timeout not shorter than the interval', () => {
    const file = write('timeout.yaml', 'cluster: x\npollInterval: 1s\nrequestTimeout: 2s\ntargets:\n  - { id: a, kind: native, url: "http://n:1" }\n');
    expect(errorOf(file)).toBe(
      `Invalid cluster config ${file}:\n  - requestTimeout: expected a request timeout shorter than the poll interval (1000 ms)`,
    );
  });

  it('rejects a port outside 1-65535', () => {
    const file = write('port.yaml', 'cluster: x\ntargets:\n  - { id: r, kind: redis, address: "10.0.0.7:70000" }\n');
    expect(errorOf(file)).toBe(`Invalid cluster config ${file}:\n  - targets[0].address: expected a port from 1 to 65535`);
  });

  describe('several clusters', () => {
    const two = (second: string) =>
      [
        'clusters:',
        '  - name: payments',
        '    pollInterval: 10s',
        '    targets:',
        '      - { id: a, kind: native, url: "http://10.0.0.1:9100" }',
        second,
      ].join('\n') + '\n';

    it('loads two clusters, each with its own settings; a target id may repeat across clusters', () => {
      const file = write('two.yaml', two('  - name: cache\n    pollInterval: 3s\n    targets:\n      - { id: a, kind: redis, address: "10.0.0.7:6379" }'));
      const result = loadClusterConfig(file);
      if (!result.ok) throw new Error(result.message);
      expect(result.config.clusters.map((cluster) => [cluster.name, cluster.pollInterval, cluster.targets[0].id, cluster.targets[0].kind])).toEqual([
        ['payments', 10_000, 'a', 'native'],
        ['cache', 3000, 'a', 'redis'],
      ]);
    });

    it('rejects a duplicate cluster name naming both places', () => {
      const file = write('dup-cluster.yaml', two('  - name: payments\n    targets:\n      - { id: b, kind: native, url: "http://10.0.0.2:9100" }'));
      expect(errorOf(file)).toBe(`Invalid cluster config ${file}:\n  - clusters[1].name: duplicate cluster name "payments" (already used by clusters[0])`);
    });

    it('rejects a cluster name that is not URL-safe', () => {
      const file = write('bad-name.yaml', two('  - name: "Cache West/2"\n    targets:\n      - { id: b, kind: native, url: "http://10.0.0.2:9100" }'));
      expect(errorOf(file)).toBe(
        `Invalid cluster config ${file}:\n  - clusters[1].name: expected a URL-safe name: lowercase letters, digits, ".", "_" or "-" (at most 63, starting with a letter or digit)`,
      );
    });

    it('names the path of an error inside the second cluster', () => {
      const file = write('bad-target.yaml', two('  - name: cache\n    targets:\n      - { id: r, kind: redis, address: "10.0.0.7:70000" }'));
      expect(errorOf(file)).toBe(`Invalid cluster config ${file}:\n  - clusters[1].targets[0].address: expected a port from 1 to 65535`);
    });

    it('rejects an empty list and keys of the single-cluster form beside it', () => {
      const empty = write('no-clusters.yaml', 'clusters: []\n');
      expect(errorOf(empty)).toBe(`Invalid cluster config ${empty}:\n  - clusters: expected at least one cluster`);
      const mixed = write('mixed.yaml', two('pollInterval: 5s'));
      expect(errorOf(mixed)).toBe(`Invalid cluster config ${mixed}:\n  - (top level): unknown key "pollInterval" (check the spelling; see docs/configuration.md)`);
    });
  });
});

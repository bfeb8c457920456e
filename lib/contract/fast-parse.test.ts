import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from './zod';
import { nodeReportWireSchema } from './admin-v1';
import { compilesFast, fastSafeParse } from './fast-parse';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const parseWire = fastSafeParse(nodeReportWireSchema);

/** A report using every field of admin API v1, keys in the schema's order (as the native nodes send them). */
function fullReport(seed: number): { [key: string]: Json } {
  const partition = (id: number) => ({ id, owners: [`n${id % 3}`, `n${(id + 1) % 3}`], backups: [`n${(id + 2) % 3}`], ballot: seed + id, maxReplicas: 3 });
  const table = (name?: string) => ({
    ...(name ? { table: name } : {}),
    version: seed % 2 === 0 ? seed : `v${seed}`,
    initialized: true,
    coordinator: 'n0',
    ownedCount: 2,
    ownedPartitions: [0, 3],
    tableOf: 'n0',
    partitionCount: 4,
    partitions: [0, 1, 2, 3].map(partition),
  });
  return {
    node: { id: 'n1', cluster: 'c', role: 'replica', version: '2.4.1', startedAt: '2026-01-01T00:00:00Z', now: '2026-01-01T00:05:00Z' },
    peers: {
      categories: ['best', 'responsive', 'lastResort'],
      peers: [
        { id: 'n0', address: '10.0.0.1:7000', category: 'best', score: seed / 10, since: '2026-01-01T00:00:01Z' },
        { id: 'n2', category: 'lastResort' },
      ],
      readErrors: [{ at: '2026-01-01T00:01:00Z', key: 'peers/n3', message: 'truncated' }],
      membership: false,
    },
    sync: {
      links: [
        {
          id: 'n0->n1',
          primary: 'n0',
          replica: 'n1',
          state: 'in_sync',
          attempts: 1,
          maxAttempts: 5,
          lastError: { code: 'E1', message: 'reset', at: '2026-01-01T00:02:00Z' },
          primaryOffset: 100 + seed,
          replicaOffset: 90,
          lag: 10 + seed,
          lastIoAt: '2026-01-01T00:04:59Z',
          registration: { at: '2026-01-01T00:00:02Z', result: 'accepted', message: 'ok' },
        },
      ],
    },
    routing: table(),
    tables: [table('t1'), table('t2')],
    logs: {
      epoch: 'e1',
      entries: [
        { cursor: seed, ts: '2026-01-01T00:04:00Z', level: 'warn', component: 'peers', code: 'P1', subject: 'n2', message: 'moved', transient: 'retried' },
        { cursor: seed + 1, ts: '2026-01-01T00:04:01Z', level: 'info', component: 'sync', message: 'caught up' },
      ],
      nextCursor: seed + 1,
      hasMore: false,
      dropped: 0,
    },
  };
}

/** Every place in a JSON value, as a path of keys and indexes. */
function pathsOf(value: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  const here = [at];
  if (Array.isArray(value)) return here.concat(...value.map((item, i) => pathsOf(item, [...at, i])));
  if (value !== null && typeof value === 'object') return here.concat(...Object.entries(value).map(([key, item]) => pathsOf(item, [...at, key])));
  return here;
}

type Mutation =
  | { kind: 'replace'; with: Json }
  | { kind: 'delete' }
  | { kind: 'extra key'; key: string; with: Json }
  | { kind: 'reverse keys' }
  | { kind: 'long string'; length: number }
  | { kind: 'number'; with: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), with: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({ kind: fc.constant('extra key' as const), key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', '0', 'id', 'constructor')), with: fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json> }),
  fc.record({ kind: fc.constant('reverse keys' as const) }),
  fc.record({ kind: fc.constant('long string' as const), length: fc.constantFrom(0, 1, 63, 64, 65, 128, 129, 256, 257, 512, 513, 8192, 8193) }),
  fc.record({ kind: fc.constant('number' as const), with: fc.oneof(fc.constantFrom(-1, -0, 0, 0.5, 1, 63, 64, 65, 16_384, 16_385, 2 ** 53, 2 ** 53 - 1, 1e400), fc.double({ noNaN: true })) }),
);

function apply(root: Json, path: Array<string | number>, mutation: Mutation): Json {
  if (path.length === 0) return applyHere(root, mutation) ?? null;
  const parentPath = path.slice(0, -1);
  let parent = root as { [key: string]: Json } | Json[];
  for (const step of parentPath) parent = (parent as Record<string | number, Json>)[step] as { [key: string]: Json } | Json[];
  const last = path[path.length - 1];
  const container = parent as Record<string | number, Json>;
  const next = applyHere(container[last], mutation);
  if (next === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete container[last];
  } else container[last] = next;
  return root;
}

/** The value after a mutation, or undefined to remove it. */
function applyHere(value: Json, mutation: Mutation): Json | undefined {
  switch (mutation.kind) {
    case 'replace':
      return mutation.with;
    case 'delete':
      return undefined;
    case 'extra key':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      // As JSON.parse would: an own data property, even for "__proto__".
      Object.defineProperty(value, mutation.key, { value: mutation.with, enumerable: true, writable: true, configurable: true });
      return value;
    case 'reverse keys':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      return Object.fromEntries(Object.entries(value).reverse());
    case 'long string':
      return 'x'.repeat(mutation.length);
    case 'number':
      return mutation.with;
  }
}

/** What both parsers must agree on: accepted or not, the data (key order included), the first issue. */
function agree(json: unknown): void {
  const text = JSON.stringify(json);
  const expected = nodeReportWireSchema.safeParse(JSON.parse(text));
  const actual = parseWire(JSON.parse(text));
  expect(actual.success).toBe(expected.success);
  if (expected.success && actual.success) expect(JSON.stringify(actual.data)).toBe(JSON.stringify(expected.data));
  if (!expected.success && !actual.success) expect(actual.error.issues).toEqual(expected.error.issues);
}

describe('fastSafeParse', () => {
  it('compiles the node report schema (else it would only be zod again)', () => {
    expect(compilesFast(nodeReportWireSchema)).toBe(true);
  });

  it('returns a report already in the schema shape as it is, without copying', () => {
    const json = JSON.parse(JSON.stringify(fullReport(7)));
    const parsed = parseWire(json);
    expect(parsed.success && parsed.data).toBe(json);
    agree(fullReport(7));
  });

  it('fills defaults, drops unknown keys and orders keys as zod does', () => {
    const report = fullReport(3);
    const peers = report.peers as { [key: string]: Json };
    delete peers.readErrors;
    const logs = report.logs as { entries: Array<{ [key: string]: Json }>; [key: string]: Json };
    delete logs.entries[1].component;
    (report.node as { [key: string]: Json }).extra = 'dropped';
    const parsed = parseWire(JSON.parse(JSON.stringify(report)));
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.data.peers?.readErrors).toEqual([]);
    expect(parsed.data.logs?.entries[1].component).toBe('');
    expect(Object.keys(parsed.data.node)).not.toContain('extra');
    agree(report);
  });

  it('agrees with zod on mutated reports: acceptance, data with its key order, and the error', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.array(fc.tuple(fc.nat(), mutationArb), { minLength: 1, maxLength: 3 }), (seed, mutations) => {
        let report: Json = fullReport(seed);
        for (const [where, mutation] of mutations) {
          const paths = pathsOf(report);
          report = apply(report, paths[where % paths.length], mutation);
        }
        agree(report);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with zod on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => agree(json)), { numRuns: 500 });
  });

  it('falls back to zod for schemas it does not compile, with the same answers', () => {
    const refined = z.object({ name: z.string().regex(/^[a-z]+$/) });
    expect(compilesFast(refined)).toBe(false);
    const parse = fastSafeParse(refined);
    expect(parse({ name: 'abc' })).toEqual(refined.safeParse({ name: 'abc' }));
    const refusedFast = parse({ name: 'ABC' });
    const refusedZod = refined.safeParse({ name: 'ABC' });
    expect(refusedFast.success).toBe(false);
    expect(!refusedFast.success && refusedFast.error.issues).toEqual(!refusedZod.success && refusedZod.error.issues);
  });
});

import { pathToFileURL } from 'node:url';
import type { LogLevel } from '@/lib/contract/admin-v1';
import { filterLogs, foldLines, initialClassifierState, lineGroupLookup, type LogLine } from '@/lib/diagnostics/logs';

/**
 * Filtering 100,000 retained log lines by text and level, as GET /api/logs
 * does on every request. Prints p50/p99 per query; the target is well under 50 ms.
 */

const LINES = 100_000;
const RUNS = 30;
const LEVELS: LogLevel[] = ['debug', 'info', 'info', 'info', 'warn', 'error'];
const MESSAGES = [
  (i: number) => `MetaSync from node-2 (127.0.0.1:${41000 + (i % 500)}) rejected: slave already exists`,
  (i: number) => `dial node-${i % 7} (127.0.0.1:${43000 + (i % 9)}): connect: connection refused`,
  (i: number) => `Error reading the key from the peer db: key=12D3KooW${(i * 2654435761).toString(36)}Qm8hVt6qkSxUc3Z7n7T1`,
  (i: number) => `applied ${i * 17} bytes to replica offset ${i * 4096}`,
  (i: number) => `routing table updated: version ${i % 40} -> ${(i % 40) + 1}`,
  (i: number) => `request ${i.toString(16).padStart(8, '0')}-1b2c-4d5e-8f90-a1b2c3d4e5f6 timed out after 1000 ms`,
];

function makeLines(count: number, start: number): LogLine[] {
  const lines: LogLine[] = [];
  for (let i = 0; i < count; i++) {
    const at = start + i * 10;
    lines.push({
      seq: i + 1,
      cursor: i + 1,
      node: `node-${i % 7}`,
      ts: new Date(at).toISOString(),
      receivedAt: at + 500,
      level: LEVELS[((i * 2654435761) >>> 7) % LEVELS.length],
      component: ['sync', 'p2p', 'routing', 'client'][i % 4],
      message: MESSAGES[(i * 7) % MESSAGES.length](i),
    });
  }
  return lines;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function main(): Promise<void> {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const lines = makeLines(LINES, start);
  const now = start + LINES * 10;

  const foldStarted = performance.now();
  const state = foldLines(initialClassifierState(), lines);
  const foldMs = performance.now() - foldStarted;
  const lookup = lineGroupLookup(state, { now, pollIntervalMs: 5000, stoppedAfterPolls: 3, recoveries: new Map() });

  const queries: [string, Parameters<typeof filterLogs>[1]][] = [
    ['text "slave already"', { q: 'slave already', limit: 200 }],
    ['level warn+error', { levels: ['warn', 'error'], limit: 200 }],
    ['text + level', { q: 'CONNECTION REFUSED', levels: ['error'], limit: 200 }],
    ['text, no match', { q: 'no such text anywhere', limit: 200 }],
    ['text + level + time range', { q: 'peer db', levels: ['warn', 'error'], since: start + 200_000, until: start + 800_000, limit: 200 }],
  ];
  console.log(`logs filter bench: ${LINES.toLocaleString('en')} lines, ${state.groups.size} groups (first fold ${foldMs.toFixed(0)} ms)`);
  for (const [name, query] of queries) {
    filterLogs(lines, query, lookup, now); // warm-up
    const times: number[] = [];
    let matched = 0;
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      matched = filterLogs(lines, query, lookup, now).matched;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(28)} matched ${String(matched).padStart(6)}  p50 ${percentile(times, 50).toFixed(1).padStart(5)} ms  p99 ${percentile(times, 99).toFixed(1).padStart(5)} ms`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clusterLogSourcesSchema, type LogFormat } from '@/lib/logs/config';
import { extractEvidence } from '@/lib/logs/extractors';
import { parserFor, parseRecord } from '@/lib/logs/formats';
import { LogIngest } from '@/lib/logs/ingest';
import type { LogRecord } from '@/lib/logs/records';
import { LogStore } from '@/lib/store/log-store';

/**
 * Log sources: parse throughput per format (lines/s on one core, parse plus
 * extractors), and what ingesting 5,000 lines/s from a followed file costs in
 * CPU (ingest alone: the writer's cost, measured on its own, is taken off).
 */

const PARSE_LINES = 200_000;
const INGEST_RATE = 5000;
const INGEST_SECONDS = 5;

const key = `[${[...Buffer.from('/12D3KooWGRYZDHBembyGJQqQ6WgLqJWYNjnECGGc8WmJmFiMxcaZ')].join(' ')}]`;
const SAMPLES: Record<string, (i: number) => string> = {
  glog: (i) => `W20240617 02:46:${String(i % 60).padStart(2, '0')}.710453 297 rsync_client.cc:276] rsync PullRemoteMeta request timeout, retry times: ${i % 10}`,
  logrus: (i) =>
    i % 2
      ? `\u001b[31mERROR\u001b[0m  [05-29|16:52:10.892] Error reading the key from the peer db        \u001b[31mkey\u001b[0m="${key}"`
      : `time="2024-05-29T16:52:10Z" level=info msg="Peer stats" bucket=bestPeersDB location=cyprus1 peerCount=${i % 50} peers="[map[info: peerID:12D3KooWA${i}]]"`,
  json: (i) => `{"level":"warn","ts":1717000330.5,"logger":"meta","msg":"trigger configuration update of table [temp] due to RPC failure [ERR_TIMEOUT] to 10.0.0.${i % 250}:34801"}`,
  regex: (i) => `2024-06-17T02:46:19Z [WARN] pegasus.client: request ${i} timed out`,
};
const FORMATS: Record<string, LogFormat> = {
  glog: 'glog',
  logrus: 'logrus',
  json: 'json',
  regex: { regex: '^(?<time>\\S+) \\[(?<level>\\w+)\\] (?<component>[\\w.]+): (?<message>.*)$' },
};

function parseThroughput(name: string): number {
  const parser = parserFor(FORMATS[name]);
  const records: LogRecord[] = Array.from({ length: 1000 }, (_, i) => ({ text: SAMPLES[name](i), truncated: false, receivedAt: Date.now(), goPanic: false, bytes: 0 }));
  let evidence = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < PARSE_LINES; i++) {
    const parsed = parseRecord(parser, records[i % records.length], 0);
    if (extractEvidence({ line: parsed, target: 'n1', index: i })) evidence++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (evidence === 0 && name !== 'regex') throw new Error(`no evidence extracted from ${name} samples`);
  return PARSE_LINES / seconds;
}

/** CPU ms used by this process while `work` runs for `seconds`. */
async function cpuDuring(seconds: number, tick: (second: number, slot: number) => void): Promise<number> {
  const before = process.cpuUsage();
  const slotsPerSecond = 50;
  const started = Date.now();
  for (let slot = 0; slot < seconds * slotsPerSecond; slot++) {
    tick(Math.floor(slot / slotsPerSecond), slot);
    const due = started + ((slot + 1) * 1000) / slotsPerSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function ingestCost(): Promise<{ cpuPercent: number; writerPercent: number; lines: number; lagP99Ms: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-bench-logs-'));
  const file = path.join(dir, 'pika.WARNING');
  writeFileSync(file, '');
  const perSlot = INGEST_RATE / 50;
  const write = (slot: number) => {
    const lines: string[] = [];
    const now = Date.now();
    for (let i = 0; i < perSlot; i++) lines.push(`${SAMPLES.glog(slot * perSlot + i)} @${now}`);
    appendFileSync(file, `${lines.join('\n')}\n`);
  };
  try {
    // The writer alone, so its cost can be taken off.
    const writerMs = await cpuDuring(INGEST_SECONDS, (_second, slot) => write(slot));
    writeFileSync(file, '');
    const store = new LogStore(100_000);
    const lags: number[] = [];
    const ingest = new LogIngest({
      sources: clusterLogSourcesSchema.parse([{ type: 'file', paths: [file], format: 'glog', target: 'pika-1', pollInterval: 250 }]),
      onBatch: (batch) => {
        store.append(batch.target, batch.lines, batch.receivedAt);
        const last = batch.lines[batch.lines.length - 1];
        const at = Number(/@(\d+)$/.exec(last.message)?.[1]);
        if (Number.isFinite(at)) lags.push(batch.receivedAt - at);
      },
    });
    await ingest.start();
    const totalMs = await cpuDuring(INGEST_SECONDS, (_second, slot) => write(slot));
    await ingest.stop();
    lags.sort((a, b) => a - b);
    const lines = ingest.status()[0].lines;
    return {
      cpuPercent: ((totalMs - writerMs) / (INGEST_SECONDS * 1000)) * 100,
      writerPercent: (writerMs / (INGEST_SECONDS * 1000)) * 100,
      lines,
      lagP99Ms: lags[Math.floor(lags.length * 0.99)] ?? Number.NaN,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  for (const name of Object.keys(SAMPLES)) {
    parseThroughput(name); // warm-up
    console.log(`parse ${name.padEnd(7)} ${Math.round(parseThroughput(name)).toLocaleString('en-US')} lines/s (one core, parse + extractors)`);
  }
  const cost = await ingestCost();
  console.log(
    `ingest ${INGEST_RATE} lines/s from a followed glog file for ${INGEST_SECONDS} s: ${cost.lines} lines, ` +
      `${cost.cpuPercent.toFixed(1)}% of one core for ingest (writer alone ${cost.writerPercent.toFixed(1)}%), p99 write→store ${cost.lagP99Ms} ms`,
  );
}

import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogStore } from '@/lib/store/log-store';
import { fingerprint } from '@/lib/diagnostics/logs';
import { clusterLogSourcesSchema, unknownTargets } from './config';
import { LogIngest, syslogTarget, type IngestBatch } from './ingest';
import { waitFor } from './testing/wait';

let dir: string;
let ingest: LogIngest | null = null;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-ingest-'));
});
afterEach(async () => {
  await ingest?.stop();
  ingest = null;
  rmSync(dir, { recursive: true, force: true });
});

const PEER = '12D3KooWGRYZDHBembyGJQqQ6WgLqJWYNjnECGGc8WmJmFiMxcaZ';
const keyBytes = `[${[...Buffer.from(`/${PEER}`)].join(' ')}]`;

describe('LogIngest with file sources', () => {
  it('parses, attributes by path, extracts evidence and feeds the log store as one stream', async () => {
    mkdirSync(path.join(dir, 'quai-1'));
    mkdirSync(path.join(dir, 'pika-2'));
    const quaiLog = path.join(dir, 'quai-1', 'go-quai.log');
    const pikaLog = path.join(dir, 'pika-2', 'pika.WARNING');
    writeFileSync(quaiLog, 'INFO   [05-29|16:52:09.000] old line, before we started\n');
    writeFileSync(pikaLog, '');
    const sources = clusterLogSourcesSchema.parse([
      { type: 'file', paths: [path.join(dir, '*', 'go-quai.log')], format: 'logrus', targetFromPath: '/(?<target>[^/]+)/go-quai\\.log$' },
      { type: 'file', paths: [pikaLog], format: 'glog', target: 'pika-2', startAt: 'beginning' },
    ]);
    expect(unknownTargets(sources, new Set(['quai-1', 'pika-2']))).toEqual([]);
    const store = new LogStore(1000);
    const batches: IngestBatch[] = [];
    ingest = new LogIngest({
      sources,
      onBatch: (batch) => {
        batches.push(batch);
        store.append(batch.target, batch.lines, batch.receivedAt);
      },
    });
    await ingest.start();
    appendFileSync(quaiLog, `\u001b[31mERROR\u001b[0m  [05-29|16:52:10.892] Error reading the key from the peer db        key="${keyBytes}"\nnot a logrus line\n`);
    appendFileSync(pikaLog, 'W20240617 02:46:19.710453 297 pika_server.cc:745] Slave Already Exist, ip_port: 10.0.0.12:9221\n');
    await waitFor('three lines in the store', () => store.lines().length === 3);

    const byNode = Object.fromEntries(['quai-1', 'pika-2'].map((node) => [node, store.lines().filter((line) => line.node === node)]));
    expect(byNode['quai-1'].map((line) => [line.level, line.code ?? null, line.subject ?? null, line.component])).toEqual([
      ['error', 'peer.read_error', PEER, 'go-quai'],
      ['unknown', null, null, 'go-quai'],
    ]);
    expect(byNode['pika-2'][0]).toMatchObject({ level: 'warn', component: 'pika_server.cc', code: 'sync.registration_rejected', subject: '10.0.0.12:9221' });
    // Same fingerprint rules as the native API's lines: the peer id is the subject, masked.
    expect(fingerprint(byNode['quai-1'][0].message, byNode['quai-1'][0].subject)).toBe('Error reading the key from the peer db key=<v>');

    const evidence = batches.flatMap((batch) => batch.evidence.map((item) => ({ ...item, lineText: batch.lines[item.line].message })));
    evidence.sort((a, b) => a.kind.localeCompare(b.kind));
    expect(evidence.map((item) => [item.kind, item.target])).toEqual([
      ['peer.read_error', 'quai-1'],
      ['sync.registration_rejected', 'pika-2'],
    ]);
    expect(evidence[0]).toMatchObject({ peerId: PEER, lineText: expect.stringContaining(PEER) });
    const status = ingest.status();
    expect(status[0]).toMatchObject({ type: 'file', state: 'ok', lines: 2, unparsed: 1, evidence: 1 });
    expect(status[1]).toMatchObject({ type: 'file', state: 'ok', lines: 1, unparsed: 0, evidence: 1 });
  });

  it('counts lines it cannot attribute, and shows a missing file as the source error', async () => {
    const sources = clusterLogSourcesSchema.parse([
      { type: 'file', paths: [path.join(dir, '*.log')], format: 'raw', targetFromPath: '/node-(?<target>\\w+)\\.log$', startAt: 'beginning' },
      { type: 'file', paths: [path.join(dir, 'missing.log')], format: 'raw', target: 'n1' },
    ]);
    writeFileSync(path.join(dir, 'other.log'), 'a\nb\n');
    ingest = new LogIngest({ sources, onBatch: () => {} });
    await ingest.start();
    const [unmatched, missing] = ingest.status();
    expect(unmatched).toMatchObject({ unattributed: 2, lines: 0 });
    expect(missing).toMatchObject({ state: 'error', reason: `${path.join(dir, 'missing.log')}: no such file` });
  });
});

describe('config', () => {
  it('rejects a per-cluster file source without a target, unknown keys and bad regexes, with paths', () => {
    const result = clusterLogSourcesSchema.safeParse([
      { type: 'file', paths: ['/var/log/x.log'], format: 'glog' },
      { type: 'file', paths: ['/var/log/x.log'], format: 'glog', target: 'a', colour: true },
      { type: 'syslog', listen: '0.0.0.0:5514', protocol: 'tcp', allowFrom: ['10.0.0.0/33'], format: { regex: '(' }, map: [{ target: 'a' }] },
    ]);
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((issue) => issue.path.join('.')) ?? [];
    expect(issues).toEqual(expect.arrayContaining(['1', '2.allowFrom.0', '2.format.regex', '2.map.0']));
    const missingTarget = clusterLogSourcesSchema.safeParse([{ type: 'file', paths: ['/var/log/x.log'], format: 'glog' }]);
    expect(missingTarget.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['0.target', 'expected "target" or "targetFromPath": every line belongs to one target']]);
  });

  it('names a target that the cluster does not have', () => {
    const sources = clusterLogSourcesSchema.parse([
      { type: 'syslog', listen: '127.0.0.1:5514', protocol: 'udp', allowFrom: ['127.0.0.1'], format: 'glog', map: [{ appName: 'pika', target: 'pika-9' }] },
    ]);
    expect(unknownTargets(sources, new Set(['pika-1']))).toEqual([{ path: [0, 'map', 0, 'target'], target: 'pika-9' }]);
  });

  it('maps syslog lines by hostname, app-name and match, first rule first', () => {
    const rules = [
      { hostname: 'h1', appName: 'pika', target: 'pika-1' },
      { match: 'table \\[temp\\]', target: 'client-1' },
      { appName: 'pika', target: 'pika-any' },
    ];
    const patterns = new Map([[rules[1], /table \[temp\]/]]);
    expect(syslogTarget({ hostname: 'h1', appName: 'pika', message: 'x' }, rules, patterns)).toBe('pika-1');
    expect(syslogTarget({ hostname: 'h2', appName: 'pika', message: 'x' }, rules, patterns)).toBe('pika-any');
    expect(syslogTarget({ hostname: 'h2', appName: 'go', message: 'update of table [temp]' }, rules, patterns)).toBe('client-1');
    expect(syslogTarget({ hostname: null, appName: null, message: 'x' }, rules, patterns)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../line-splitter';
import { RecordAssembler, type LogRecord } from '../records';
import { parseGlog } from './glog';
import { parserFor, parseRecord } from './index';
import { parseJsonLine } from './json';
import { parseLogrus } from './logrus';
import { regexParser } from './regex';
import { decodeGoBytes, stripAnsi } from './text';

const RECEIVED = Date.parse('2024-06-17T03:00:00Z');
const context = { receivedAt: RECEIVED, utcOffsetMinutes: 0 };

describe('glog (Pika)', () => {
  it('reads level, date, time, thread and file:line from the SOURCES.md example', () => {
    const line = parseGlog('W20240617 02:46:19.710453 297 rsync_client.cc:276] rsync PullRemoteMeta request timeout, retry times: 3', context);
    expect(line).toMatchObject({
      ts: '2024-06-17T02:46:19.710Z',
      tsFromLine: true,
      level: 'warn',
      component: 'rsync_client.cc',
      message: 'rsync PullRemoteMeta request timeout, retry times: 3',
      fields: { thread: '297', source: 'rsync_client.cc:276' },
      parsed: true,
    });
  });

  it('maps I/W/E/F and marks F as fatal', () => {
    expect(parseGlog('I20240617 02:46:19.000001 1 pika.cc:10] start', context).level).toBe('info');
    expect(parseGlog('E20240617 02:46:19.000001 1 pika_repl_client_conn.cc:198] Meta Sync Failed: Slave AlreadyExist will keep sending MetaSync msg', context).level).toBe('error');
    const fatal = parseGlog('F20240617 02:46:19.000001 1 pika.cc:10] Check failed', context);
    expect(fatal.level).toBe('error');
    expect(fatal.fields.fatal).toBe('true');
  });

  it('reads classic glog without a year against the receive time, and the writer timezone', () => {
    const line = parseGlog('I0617 02:46:19.710453 297 pika_server.cc:1] x', { receivedAt: RECEIVED, utcOffsetMinutes: 120 });
    expect(line.ts).toBe('2024-06-17T00:46:19.710Z');
  });

  it('a December line read in January belongs to last year', () => {
    const line = parseGlog('I1231 23:59:59.000000 1 a.cc:1] x', { receivedAt: Date.parse('2025-01-01T00:00:10Z'), utcOffsetMinutes: 0 });
    expect(line.ts).toBe('2024-12-31T23:59:59.000Z');
  });

  it('keeps what it cannot read raw with level unknown (truncated prefix, impossible date)', () => {
    for (const text of ['W20240617 02:46:1', 'W20241317 02:46:19.710453 297 rsync_client.cc:276] bad month', 'hello world', '']) {
      const line = parseGlog(text, context);
      expect(line).toMatchObject({ parsed: false, level: 'unknown', message: text, tsFromLine: false, ts: new Date(RECEIVED).toISOString() });
    }
  });
});

describe('logrus text (go-quai)', () => {
  it('reads the coloured, padded form of go-quai issue #1800 and decodes the byte-slice key', () => {
    const key = [...Buffer.from('/12D3KooWGRYZDHBembyGJQqQ6WgLqJWYNjnECGGc8WmJmFiMxcaZ')].join(' ');
    const text = `\u001b[31mERROR\u001b[0m  [05-29|16:52:10.892] Error reading the key from the peer db        \u001b[31mkey\u001b[0m="[${key}]"`;
    const line = parseLogrus(text, context);
    expect(line).toMatchObject({
      ts: '2024-05-29T16:52:10.892Z',
      level: 'error',
      parsed: true,
      fields: { key: '/12D3KooWGRYZDHBembyGJQqQ6WgLqJWYNjnECGGc8WmJmFiMxcaZ' },
    });
    expect(line.message).toBe('Error reading the key from the peer db  key="/12D3KooWGRYZDHBembyGJQqQ6WgLqJWYNjnECGGc8WmJmFiMxcaZ"');
  });

  it('reads the plain file form with quoted values and escapes', () => {
    const text = 'time="2024-05-29T16:52:10Z" level=info msg="Peer stats" bucket=bestPeersDB location=cyprus1 peerCount=2 peers="[map[info:addrs:\\"x\\" peerID:12D3KooWA] map[info: peerID:12D3KooWB]]"';
    const line = parseLogrus(text, context);
    expect(line).toMatchObject({ ts: '2024-05-29T16:52:10.000Z', level: 'info', parsed: true });
    expect(line.message.startsWith('Peer stats  bucket=bestPeersDB location=cyprus1 peerCount=2 peers=')).toBe(true);
    expect(line.fields).toEqual({
      bucket: 'bestPeersDB',
      location: 'cyprus1',
      peerCount: '2',
      peers: '[map[info:addrs:"x" peerID:12D3KooWA] map[info: peerID:12D3KooWB]]',
    });
  });

  it('reads 4-letter and padded levels, and a message that only contains "=" in its middle', () => {
    expect(parseLogrus('WARN [05-29|16:52:10.892] a=b is not a field here', context)).toMatchObject({ level: 'warn', message: 'a=b is not a field here', fields: {} });
    expect(parseLogrus('INFO   [05-29|16:52:10.892] Started', context)).toMatchObject({ level: 'info', message: 'Started' });
    expect(parseLogrus('DEBU[0003] seconds since start has no date', context)).toMatchObject({ level: 'debug', tsFromLine: false });
  });

  it('keeps a truncated field value as written and does not decode a partial byte slice', () => {
    const line = parseLogrus('ERROR  [05-29|16:52:10.892] Error reading the key from the peer db        key="[47 49 50', context);
    expect(line).toMatchObject({ level: 'error', parsed: true, fields: { key: '[47 49 50' } });
  });

  it('keeps lines that are not logrus raw with level unknown, ANSI stripped', () => {
    for (const text of ['ERROR  [05-29|16:5', '\u001b[32mhello\u001b[0m', 'NOTALEVEL [05-29|16:52:10.892] x']) {
      const line = parseLogrus(text, context);
      expect(line).toMatchObject({ parsed: false, level: 'unknown', message: stripAnsi(text) });
    }
  });
});

describe('Go byte slices', () => {
  it('decodes text and leaves binary alone', () => {
    expect(decodeGoBytes('[47 49 50 68]')).toBe('/12D');
    expect(decodeGoBytes('[0 1 2]')).toBeNull();
    expect(decodeGoBytes('[300]')).toBeNull();
    expect(decodeGoBytes('[255 254]')).toBeNull();
    expect(decodeGoBytes('[]')).toBeNull();
    expect(decodeGoBytes('not bytes')).toBeNull();
  });
});

describe('JSON lines', () => {
  it('reads logrus JSON, zap (epoch seconds) and pino (numeric level, epoch ms)', () => {
    expect(parseJsonLine('{"level":"error","msg":"Error reading the key from the peer db","key":"[47 49]","time":"2024-05-29T16:52:10Z"}', context)).toMatchObject({
      level: 'error',
      message: 'Error reading the key from the peer db',
      ts: '2024-05-29T16:52:10.000Z',
      fields: { key: '/1' },
    });
    expect(parseJsonLine('{"level":"warn","ts":1717000330.5,"logger":"meta","msg":"x"}', context)).toMatchObject({ level: 'warn', component: 'meta', ts: '2024-05-29T16:32:10.500Z' });
    expect(parseJsonLine('{"level":50,"time":1717000330500,"msg":"x"}', context)).toMatchObject({ level: 'error', ts: '2024-05-29T16:32:10.500Z' });
  });

  it('a record without a level is parsed with level unknown; broken JSON stays raw', () => {
    expect(parseJsonLine('{"msg":"no level"}', context)).toMatchObject({ parsed: true, level: 'unknown', message: 'no level' });
    expect(parseJsonLine('{"msg":"cut', context)).toMatchObject({ parsed: false, level: 'unknown', message: '{"msg":"cut' });
    expect(parseJsonLine('[1,2]', context)).toMatchObject({ parsed: false });
  });
});

describe('regex with named groups', () => {
  it('reads time, level, message, component and other groups as fields', () => {
    const parse = regexParser('^(?<time>\\S+) \\[(?<level>\\w+)\\] (?<component>[\\w.]+): (?<message>.*?)(?: table=(?<table>\\w+))?$');
    expect(parse('2024-06-17T02:46:19Z [WARN] pegasus.client: trigger configuration update table=temp', context)).toMatchObject({
      ts: '2024-06-17T02:46:19.000Z',
      level: 'warn',
      component: 'pegasus.client',
      message: 'trigger configuration update',
      fields: { table: 'temp' },
      parsed: true,
    });
    expect(parse('no match', context)).toMatchObject({ parsed: false, level: 'unknown' });
  });
});

function records(text: string | Buffer, max = 1024 * 1024): LogRecord[] {
  const splitter = new LineSplitter(max);
  const assembler = new RecordAssembler();
  const out: LogRecord[] = [];
  for (const line of splitter.push(Buffer.isBuffer(text) ? text : Buffer.from(text))) out.push(...assembler.push(line, RECEIVED));
  const last = splitter.flush();
  if (last) out.push(...assembler.push(last, RECEIVED));
  out.push(...assembler.flush());
  return out;
}

describe('records: multi-line Go panics, long lines', () => {
  it('keeps a Go panic and its goroutine dump together, and the next log line apart', () => {
    const text = [
      'INFO   [05-29|16:52:10.892] Starting',
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]',
      '',
      'goroutine 1 [running]:',
      'github.com/dominant-strategies/go-quai/p2p/node/peerManager.(*BasicPeerManager).recategorizePeer(0xc000123000, {0xc0001, 0x26})',
      '\t/go-quai/p2p/node/peerManager/peerManager.go:512 +0x1d',
      'created by main.main in goroutine 1',
      '\t/go-quai/cmd/go-quai/main.go:10 +0x25',
      'exit status 2',
      'ERROR  [05-29|16:52:11.000] after the crash',
      '',
    ].join('\n');
    const out = records(text);
    expect(out.map((record) => record.goPanic)).toEqual([false, true, false]);
    expect(out[1].text.split('\n')).toHaveLength(9);
    const parsed = parseRecord(parserFor('logrus'), out[1], 0);
    expect(parsed).toMatchObject({ level: 'error', component: 'go-runtime' });
    expect(parsed.message).toContain('recategorizePeer');
    expect(parseRecord(parserFor('logrus'), out[2], 0)).toMatchObject({ level: 'error', message: 'after the crash' });
  });

  it('a line that is not a trace ends the panic and is kept on its own', () => {
    const out = records('fatal error: concurrent map writes\nsomething unrelated\n');
    expect(out.map((record) => [record.goPanic, record.text])).toEqual([
      [true, 'fatal error: concurrent map writes'],
      [false, 'something unrelated'],
    ]);
  });

  it('cuts a 1 MB+ line at the limit with a marker and reads the next line whole', () => {
    const long = 'E20240617 02:46:19.710453 297 a.cc:1] ' + 'x'.repeat(3 * 1024 * 1024);
    const out = records(`${long}\nI20240617 02:46:20.000000 297 a.cc:2] next\n`);
    expect(out).toHaveLength(2);
    expect(out[0].truncated).toBe(true);
    expect(Buffer.byteLength(out[0].text)).toBe(1024 * 1024);
    expect(out[0].bytes).toBe(Buffer.byteLength(long) + 1);
    const parsed = parseRecord(parserFor('glog'), out[0], 0);
    expect(parsed.level).toBe('error');
    expect(parsed.truncated).toBe(true);
    expect(parsed.message.endsWith('…[cut: line longer than the limit]')).toBe(true);
    expect(parseRecord(parserFor('glog'), out[1], 0)).toMatchObject({ message: 'next', truncated: false });
  });

  it('never splits a UTF-8 character at the cut', () => {
    const out = records(Buffer.from(`${'é'.repeat(700)}\n`), 1025);
    expect(out[0].text).toBe('é'.repeat(512));
  });
});

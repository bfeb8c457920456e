import { describe, expect, it } from 'vitest';
import { extractEvidence, lineAnnotation } from './extractors';
import { parseGlog } from './formats/glog';
import { parseLogrus } from './formats/logrus';
import { parseJsonLine } from './formats/json';
import type { ParsedLine } from './formats/types';

const context = { receivedAt: Date.parse('2024-06-17T03:00:00Z'), utcOffsetMinutes: 0 };
const PEER = '12D3KooWGRYZDHBembyGJQqQ6WgLqJWYNjnECGGc8WmJmFiMxcaZ';
const goBytes = (text: string) => `[${[...Buffer.from(text)].join(' ')}]`;

function evidenceOf(line: ParsedLine, target = 'n1') {
  return extractEvidence({ line, target, index: 7 });
}

describe('go-quai extractors', () => {
  it('a peer-DB read error yields the decoded peer id (coloured text form)', () => {
    const line = parseLogrus(`\u001b[31mERROR\u001b[0m  [05-29|16:52:10.892] Error reading the key from the peer db        key="${goBytes(`/${PEER}`)}"`, context);
    const evidence = evidenceOf(line);
    expect(evidence).toEqual({
      kind: 'peer.read_error',
      target: 'n1',
      at: '2024-05-29T16:52:10.892Z',
      line: 7,
      message: line.message,
      key: `/${PEER}`,
      peerId: PEER,
    });
    expect(lineAnnotation(evidence!)).toEqual({ code: 'peer.read_error', subject: PEER });
  });

  it('a read error whose key is binary keeps the bytes and names no peer', () => {
    const evidence = evidenceOf(parseLogrus('ERROR  [05-29|16:52:10.892] Error reading the key from the peer db key="[0 1 2]"', context));
    expect(evidence).toMatchObject({ kind: 'peer.read_error', key: '[0 1 2]', peerId: null });
  });

  it('Peer stats lines give peers per category per location', () => {
    const text = `time="2024-05-29T16:52:10Z" level=info msg="Peer stats" bucket=responsivePeersDB location=cyprus1 peerCount=2 peers="[map[info:addrs:\\"/ip4/1.2.3.4\\" peerID:${PEER}] map[info: peerID:12D3KooWBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb]]"`;
    expect(evidenceOf(parseLogrus(text, context))).toMatchObject({
      kind: 'peer.stats',
      location: 'cyprus1',
      bucket: 'responsivePeersDB',
      category: 'responsive',
      peerCount: 2,
      peerIds: [PEER, '12D3KooWBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
    });
    expect(evidenceOf(parseLogrus('time="2024-05-29T16:52:10Z" level=info msg="Peer stats" bucket=lastResortPeersDB location=paxos peerCount=0 peers="[]"', context))).toMatchObject({
      category: 'lastResort',
      peerCount: 0,
      peerIds: [],
    });
  });
});

describe('Pika extractors', () => {
  it('MetaSync rejection on the master names the replica, on the replica names nobody', () => {
    expect(evidenceOf(parseGlog('W20240617 02:46:19.710453 297 pika_server.cc:745] Slave Already Exist, ip_port: 10.0.0.12:9221', context))).toMatchObject({
      kind: 'sync.registration_rejected',
      side: 'primary',
      replicaAddress: '10.0.0.12:9221',
      at: '2024-06-17T02:46:19.710Z',
    });
    expect(evidenceOf(parseGlog('W20240617 02:46:20.000000 31 pika_repl_client_conn.cc:150] Meta Sync Failed: Slave AlreadyExist will keep sending MetaSync msg', context))).toMatchObject({
      kind: 'sync.registration_rejected',
      side: 'replica',
      replicaAddress: null,
    });
  });

  it('full-sync retries carry their count, in both versions', () => {
    expect(evidenceOf(parseGlog('W20240617 02:46:19.710453 297 rsync_client.cc:276] rsync CopyRemoteMeta request timeout, retry times: 2', context))).toMatchObject({ kind: 'sync.full_sync_retry', step: 'CopyRemoteMeta', retry: 2 });
    expect(evidenceOf(parseGlog('W20240617 02:46:19.710453 297 rsync_client.cc:276] rsync PullRemoteMeta request timeout, retry times: 3', context))).toMatchObject({ kind: 'sync.full_sync_retry', step: 'PullRemoteMeta', retry: 3 });
  });

  it('the final failure lines are failures with their cause and db', () => {
    expect(evidenceOf(parseGlog('W20240617 02:46:20.000000 297 rsync_client.cc:119] copy remote meta failed! error:Timeout: ', context))).toMatchObject({ kind: 'sync.full_sync_failed', stage: 'copy_remote_meta', cause: 'Timeout:' });
    expect(evidenceOf(parseGlog('W20240617 02:46:20.000000 297 rsync_client.cc:72] RsyncClient recover failed', context))).toMatchObject({ kind: 'sync.full_sync_failed', stage: 'recover' });
    const db = evidenceOf(parseGlog('W20240617 02:46:20.000000 297 pika_rm.cc:600] Slave DB: db0 rsync failed! full synchronization will be retried later', context));
    expect(db).toMatchObject({ kind: 'sync.full_sync_failed', stage: 'db_rsync', db: 'db0' });
    expect(lineAnnotation(db!)).toEqual({ code: 'sync.full_sync_failed', subject: 'db0' });
  });
});

describe('Pegasus client extractors', () => {
  it('a config refresh names its table, cause and replica; a failed self update too', () => {
    const line = parseJsonLine('{"level":"info","msg":"trigger configuration update of table [temp] due to RPC failure [ERR_SESSION_RESET] to 10.0.0.3:34801","time":"2024-06-17T02:46:19Z"}', context);
    expect(evidenceOf(line)).toMatchObject({ kind: 'failover.config_refresh', table: 'temp', outcome: 'triggered', cause: 'ERR_SESSION_RESET', replica: '10.0.0.3:34801' });
    expect(evidenceOf(parseJsonLine('{"level":"error","msg":"self update failed [table: temp]: context deadline exceeded"}', context))).toMatchObject({ outcome: 'failed', table: 'temp', cause: 'context deadline exceeded' });
  });
});

describe('lines that carry no evidence', () => {
  it('yield nothing', () => {
    for (const line of [
      parseGlog('I20240617 02:46:19.710453 297 pika.cc:1] Pika Server going to start', context),
      parseLogrus('INFO   [05-29|16:52:10.892] Peer statistics are fine', context),
      parseLogrus('ERROR  [05-29|16:52:10.892] Error reading the key from the peer db', context),
      parseGlog('rsync PullRemoteMeta request timeout, retry times: many', context),
    ]) {
      expect(evidenceOf(line)).toBeNull();
    }
  });
});

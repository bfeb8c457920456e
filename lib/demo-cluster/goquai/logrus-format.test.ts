import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logrusLine } from './logrus-format';

// Written by sirupsen/logrus v1.9.3 configured as go-quai's log/logger.go (generator: logrus-lines.go.txt beside it).
const fixture = readFileSync(path.join(__dirname, '../../adapters/goquai/fixtures/peers.logrus.log'), 'utf8').split('\n');
const at = Date.parse('2026-05-29T16:52:10.892Z');
const ids = ['12D3KooWAbcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRS1', '12D3KooWBbcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRS2', '12D3KooWCbcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRS3'];
const entry = (id: string) => ({ peerID: id, info: `peer_id:"${id}" ` });

describe('the demo writes go-quai log lines byte for byte as logrus does', () => {
  it('plain, Peer stats (cumulative lists of map[...] values), Go byte keys and padded levels', () => {
    expect(logrusLine('info', at, 'Reporting peer stats')).toBe(fixture[0]);
    expect(logrusLine('info', at, 'Peer stats', { location: 'cyprus1', peerCount: 1, bucket: 'bestPeersDB', peers: [entry(ids[0])] })).toBe(fixture[1]);
    expect(logrusLine('info', at, 'Peer stats', { location: 'cyprus1', peerCount: 3, bucket: 'responsivePeersDB', peers: ids.map(entry) })).toBe(fixture[2]);
    expect(logrusLine('info', at, 'Peer stats', { location: 'cyprus1', peerCount: 3, bucket: 'lastResortPeersDB', peers: ids.map(entry) })).toBe(fixture[3]);
    expect(logrusLine('error', at, 'Error reading the key from the peer db', { key: Buffer.from(`/${ids[2]}`) })).toBe(fixture[4]);
    expect(logrusLine('warning', at, 'a warning')).toBe(fixture[5]);
  });
});

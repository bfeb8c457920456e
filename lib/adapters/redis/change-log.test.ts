import { describe, expect, it } from 'vitest';
import { readNode, type NodeReading } from './build-report';
import { changesBetween, firstSight, LogRing } from './change-log';
import { redisReplies } from './fixture-replies';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const idFor = (hostPort: string) => (/^127\.0\.0\.1:730[1-6]$/.test(hostPort) ? `r${hostPort.slice(-4)}` : hostPort);

function reading(scenario: string, port: number): NodeReading {
  const result = readNode({ target: { id: `r${port}`, address: `127.0.0.1:${port}`, flavor: 'auto', username: undefined }, replies: redisReplies(scenario, port), idFor, now: NOW });
  if (!result.ok) throw new Error(result.reason.message);
  return result.reading;
}

describe('changes between two readings', () => {
  it('a promoted replica logs its role change, the new slots and its new config epoch', () => {
    const changes = changesBetween(reading('master-down/t+1s', 7304), reading('master-down/t+9s', 7304), idFor, NOW);
    const codes = changes.map((change) => change.code);
    expect(codes).toContain('role_changed');
    expect(codes).toContain('link_removed');
    expect(changes.find((change) => change.code === 'role_changed')?.message).toBe('role changed from replica to primary');
    expect(changes.find((change) => change.code === 'slots_moved')).toMatchObject({
      subject: 'slots 0-5460',
      message: 'as seen by r7304: slots 0-5460 now served by r7304 (config epoch 7), was r7301',
    });
    expect(changes.find((change) => change.code === 'config_epoch' && change.subject === 'r7304')?.message).toBe('config epoch of r7304: 1 → 7');
    expect(changes.find((change) => change.code === 'current_epoch')?.message).toBe('cluster_current_epoch 6 → 7');
  });

  it('another node logs the failed member as an error and the move of its slots', () => {
    const changes = changesBetween(reading('master-down/t+1s', 7302), reading('master-down/t+9s', 7302), idFor, NOW);
    expect(changes.find((change) => change.code === 'peer_fail')).toMatchObject({ level: 'error', subject: 'r7301' });
    expect(changes.filter((change) => change.code === 'slots_moved')).toHaveLength(1);
  });

  it('a link that goes down and comes back is logged both ways; recovery is marked transient', () => {
    const up = reading('master-stopped/after-cont-t+3s', 7306);
    const downText = redisReplies('master-stopped/after-cont-t+3s', 7306);
    const replication = String((downText.infoReplication as { value: string }).value).replace('master_link_status:up', 'master_link_status:down');
    const downResult = readNode({
      target: { id: 'r7306', address: '127.0.0.1:7306', flavor: 'auto', username: undefined },
      replies: { ...downText, infoReplication: { ok: true, value: replication } },
      idFor,
      now: NOW,
    });
    if (!downResult.ok) throw new Error('unexpected');
    const down = changesBetween(up, downResult.reading, idFor, NOW);
    expect(down).toEqual([expect.objectContaining({ code: 'link_down', level: 'warn', subject: 'r7303->r7306' })]);
    const back = changesBetween(downResult.reading, up, idFor, NOW);
    expect(back).toEqual([expect.objectContaining({ code: 'link_up', level: 'info', transient: 'recovered' })]);
  });

  it('the same reading twice logs nothing', () => {
    expect(changesBetween(reading('healthy', 7301), reading('healthy', 7301), idFor, NOW)).toEqual([]);
  });

  it('the first reading is one line saying what was found', () => {
    expect(firstSight(reading('healthy', 7301), NOW).message).toBe('first reading: 7.0.15, role primary, 1 replication link(s), cluster_state:ok');
  });
});

describe('LogRing', () => {
  const entry = (n: number) => ({ ts: new Date(NOW + n).toISOString(), level: 'info' as const, component: 'cluster', message: `entry ${n}` });

  it('pages from cursor 1 within its epoch and starts over for an unknown epoch', () => {
    const ring = new LogRing('e1', 10);
    for (let n = 1; n <= 5; n += 1) ring.append(entry(n));
    const first = ring.page(null, 2);
    expect(first).toMatchObject({ epoch: 'e1', nextCursor: 2, hasMore: true, dropped: 0 });
    expect(first.entries.map((e) => e.cursor)).toEqual([1, 2]);
    const second = ring.page({ epoch: 'e1', cursor: 2 }, 10);
    expect(second.entries.map((e) => e.cursor)).toEqual([3, 4, 5]);
    expect(second.hasMore).toBe(false);
    expect(ring.page({ epoch: 'e1', cursor: 5 }, 10)).toMatchObject({ entries: [], nextCursor: 5, hasMore: false });
    expect(ring.page({ epoch: 'other', cursor: 4 }, 10).entries.map((e) => e.cursor)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps only its capacity and says how many the caller missed', () => {
    const ring = new LogRing('e2', 3);
    for (let n = 1; n <= 8; n += 1) ring.append(entry(n));
    const page = ring.page({ epoch: 'e2', cursor: 2 }, 10);
    expect(page.entries.map((e) => e.cursor)).toEqual([6, 7, 8]);
    expect(page.dropped).toBe(3);
    expect(ring.page(null, 10).dropped).toBe(0);
  });
});

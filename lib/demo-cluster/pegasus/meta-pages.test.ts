import { describe, expect, it } from 'vitest';
import { answerMeta } from './meta-pages';
import { PegasusWorld } from './world';

function world(): PegasusWorld {
  return new PegasusWorld(
    [
      { id: 'meta-1', address: '127.0.0.1:34601' },
      { id: 'meta-2', address: '127.0.0.1:34602' },
    ],
    ['127.0.0.1:34801', '127.0.0.1:34802', '127.0.0.1:34803', '127.0.0.1:34804'].map((address, i) => ({ id: `replica-${i + 1}`, address })),
    [{ id: 'go-client-1', refreshesOnFailure: true, tables: ['temp'] }],
    Date.UTC(2026, 11, 4, 18, 0, 0),
  );
}

function leavesOf(value: unknown): unknown[] {
  return value !== null && typeof value === 'object' ? Object.values(value).flatMap(leavesOf) : [value];
}

const body = (answer: ReturnType<typeof answerMeta>) => JSON.parse(answer.text!);

describe('simulated Pegasus meta server', () => {
  it('prints every value as a string, bodies ending with a newline', () => {
    const answer = answerMeta(world(), 0, 'GET', '/meta/app?name=temp&detail');
    expect(answer.status).toBe(200);
    expect(answer.text!.endsWith('}\n')).toBe(true);
    const app = body(answer);
    expect(app.general).toEqual({ app_name: 'temp', app_id: '2', partition_count: '8', max_replica_count: '3' });
    expect(app.replicas['0']).toEqual({ pidx: '0', ballot: '3', replica_count: '3/3', primary: '127.0.0.1:34801', secondaries: '[127.0.0.1:34802,127.0.0.1:34803]' });
    expect(leavesOf(app).every((leaf) => typeof leaf === 'string')).toBe(true);
  });

  it('a follower answers 307 to the leader, with the query args as "k=v"', () => {
    const answer = answerMeta(world(), 1, 'GET', '/meta/app?name=temp&detail');
    expect(answer).toMatchObject({ status: 307, headers: { location: 'http://127.0.0.1:34601/meta/app?name=temp&detail=' } });
  });

  it('unknown query parameters answer 400 before any redirect; a missing table answers 404', () => {
    expect(answerMeta(world(), 1, 'GET', '/meta/nodes?verbose').status).toBe(400);
    expect(answerMeta(world(), 0, 'GET', '/meta/app?name=temp&limit=1').status).toBe(400);
    expect(answerMeta(world(), 0, 'GET', '/meta/app?name=nope&detail')).toMatchObject({ status: 404, text: 'table not found: "nope"' });
  });

  it('a crashed replica server: UNALIVE and downgraded (primary "-", ballot + 1), then a secondary upgraded (ballot + 1)', () => {
    const sim = world();
    sim.crashReplica('replica-1');
    expect(body(answerMeta(sim, 0, 'GET', '/meta/nodes?detail')).details['127.0.0.1:34801'].status).toBe('ALIVE');
    sim.markUnalive('replica-1');
    const nodes = body(answerMeta(sim, 0, 'GET', '/meta/nodes?detail'));
    expect(nodes.details['127.0.0.1:34801']).toMatchObject({ status: 'UNALIVE', replica_count: '0' });
    expect(nodes.summary).toEqual({ total_node_count: '4', alive_node_count: '3', unalive_node_count: '1' });
    const downgraded = body(answerMeta(sim, 0, 'GET', '/meta/app?name=temp&detail'));
    expect(downgraded.replicas['0']).toMatchObject({ ballot: '4', primary: '-', replica_count: '2/3' });
    expect(downgraded.healthy).toMatchObject({ read_unhealthy_partition_count: '2' });
    sim.electPrimaries();
    expect(body(answerMeta(sim, 0, 'GET', '/meta/app?name=temp&detail')).replicas['0']).toMatchObject({ ballot: '5', primary: '127.0.0.1:34802', secondaries: '[127.0.0.1:34803]' });
    // A client that never refreshes still routes partition 0 to the dead server.
    expect(sim.deadRoutes('go-client-1', 'temp').map((route) => route.pidx)).toEqual([0, 4]);
  });
});

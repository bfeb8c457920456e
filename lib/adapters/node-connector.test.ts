import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type buildConnector } from 'undici';
import { connectNode } from './node-connector';

const servers: Server[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.destroy()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listening(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_, response) => response.end('{"ok":true}'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** connectNode, keeping the sockets it made for the test to look at. */
function watchedConnector(sockets: Socket[]) {
  return (options: buildConnector.Options, callback: buildConnector.Callback) =>
    connectNode(options, (...args) => {
      if (args[1]) sockets.push(args[1]);
      callback(...args);
    });
}

describe('connectNode', () => {
  it('connects undici to a plain http node, and the socket keeps no listener of the connect itself', async () => {
    const { origin } = await listening();
    const sockets: Socket[] = [];
    const client = new Client(origin, { pipelining: 1, connect: watchedConnector(sockets) });
    clients.push(client);

    for (let poll = 0; poll < 3; poll += 1) {
      const response = await client.request({ path: '/', method: 'GET' });
      expect(response.statusCode).toBe(200);
      expect(await response.body.json()).toEqual({ ok: true });
    }

    expect(sockets).toHaveLength(1); // kept alive between requests
    const [socket] = sockets;
    expect(socket.listenerCount('connect')).toBe(0);
    const errorListenerNames = socket.listeners('error').map((listener) => listener.name);
    expect(errorListenerNames).toContain('ignoreErrorBeforeClientListens');
    expect(errorListenerNames).not.toContain('onError');
    // An error after the client has let go of the socket is swallowed, not thrown.
    await client.close();
    expect(() => socket.emit('error', new Error('late'))).not.toThrow();
  });

  it('fails a refused connection with the socket error, which the request rejects with', async () => {
    const { server, origin } = await listening();
    await new Promise((resolve) => server.close(resolve));
    servers.splice(servers.indexOf(server), 1);
    const client = new Client(origin, { connect: connectNode });
    clients.push(client);

    await expect(client.request({ path: '/', method: 'GET' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

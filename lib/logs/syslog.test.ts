import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { SyslogFramer, SyslogReceiver, type ReceivedSyslog } from './syslog';
import { parseSyslogMessage } from './syslog-message';
import { waitFor } from './testing/wait';

const NOW = Date.parse('2024-06-17T03:00:00Z');

describe('syslog message headers', () => {
  it('reads RFC 5424 with structured data and keeps MSG byte for byte', () => {
    const message = parseSyslogMessage('<134>1 2024-06-17T02:46:19.710453+00:00 db-host-7 pika 31 - [meta sequenceId="1"] W20240617 02:46:19.710453 297 rsync_client.cc:276]  two  spaces [x k="v"]', NOW);
    expect(message).toMatchObject({
      protocol: 'rfc5424',
      facility: 16,
      severity: 6,
      at: Date.parse('2024-06-17T02:46:19.710Z'),
      hostname: 'db-host-7',
      appName: 'pika',
      procId: '31',
      msgId: null,
      message: 'W20240617 02:46:19.710453 297 rsync_client.cc:276]  two  spaces [x k="v"]',
    });
  });

  it('reads RFC 3164 with a year resolved against the receive time', () => {
    expect(parseSyslogMessage('<13>Jun 17 02:46:19 pegasus-client-1 app[123]: trigger configuration update of table [temp]', NOW)).toMatchObject({
      protocol: 'rfc3164',
      hostname: 'pegasus-client-1',
      appName: 'app',
      procId: '123',
      at: Date.parse('2024-06-17T02:46:19Z'),
      message: 'trigger configuration update of table [temp]',
    });
  });

  it('keeps anything else as text, knowing nothing more', () => {
    expect(parseSyslogMessage('no header at all', NOW)).toMatchObject({ protocol: 'none', hostname: null, message: 'no header at all' });
    expect(parseSyslogMessage('<999>1 x', NOW)).toMatchObject({ protocol: 'none', severity: null });
  });
});

describe('RFC 6587 framing', () => {
  it('reads octet-counted and newline frames, split anywhere across chunks', () => {
    const stream = Buffer.from('11 <13>1 - - -\n<14>1 - h a - - - second line\n5 abcde');
    for (let cut = 1; cut < stream.length; cut++) {
      const framer = new SyslogFramer(1024);
      const first = framer.push(stream.subarray(0, cut));
      const second = framer.push(stream.subarray(cut));
      if ('error' in first || 'error' in second) throw new Error('unexpected framing error');
      expect([...first, ...second].map((frame) => frame.text)).toEqual(['<13>1 - - -', '<14>1 - h a - - - second line', 'abcde']);
    }
  });

  it('cuts long frames at the limit without holding the rest, and rejects a bad count', () => {
    const framer = new SyslogFramer(8);
    const frames = framer.push(Buffer.from(`20 ${'x'.repeat(20)}${'y'.repeat(30)}\nok\n`));
    expect(frames).toEqual([
      { text: 'xxxxxxxx', truncated: true, bytes: 20 },
      { text: 'yyyyyyyy', truncated: true, bytes: 31 },
      { text: 'ok', truncated: false, bytes: 3 },
    ]);
    expect(new SyslogFramer(8).push(Buffer.from('0123456789012 x'))).toHaveProperty('error');
  });
});

describe('SyslogReceiver over UDP', () => {
  it('takes RFC 3164 datagrams from allowed senders and refuses and counts the rest', async () => {
    const received: ReceivedSyslog[] = [];
    const allowed = new SyslogReceiver({ listen: '127.0.0.1:0', protocol: 'udp', allowFrom: ['127.0.0.0/8'], maxLineBytes: 1024, maxConnections: 1, onMessage: (message) => received.push(message) });
    const refusing = new SyslogReceiver({ listen: '127.0.0.1:0', protocol: 'udp', allowFrom: ['10.1.2.3'], maxLineBytes: 1024, maxConnections: 1, onMessage: (message) => received.push(message) });
    const client = createSocket('udp4');
    try {
      for (const receiver of [allowed, refusing]) {
        const status = await receiver.start();
        const port = Number(status.address?.split(':').pop());
        client.send('<11>Jun 17 02:46:19 pika-3 pika: Slave Already Exist, ip_port: 10.0.0.12:9221', port, '127.0.0.1');
      }
      await waitFor('the datagrams', () => received.length === 1 && refusing.status().refused === 1);
      expect(received[0]).toMatchObject({ hostname: 'pika-3', appName: 'pika', sender: '127.0.0.1', message: 'Slave Already Exist, ip_port: 10.0.0.12:9221' });
      expect(refusing.status()).toMatchObject({ refused: 1, refusedFrom: ['127.0.0.1'], messages: 0 });
    } finally {
      client.close();
      await allowed.stop();
      await refusing.stop();
    }
  });

  it('a port it cannot bind is an error in its status, not a throw', async () => {
    const first = new SyslogReceiver({ listen: '127.0.0.1:0', protocol: 'tcp', allowFrom: ['127.0.0.1'], maxLineBytes: 1024, maxConnections: 1, onMessage: () => {} });
    const status = await first.start();
    const second = new SyslogReceiver({ listen: status.address as string, protocol: 'tcp', allowFrom: ['127.0.0.1'], maxLineBytes: 1024, maxConnections: 1, onMessage: () => {} });
    try {
      expect(await second.start()).toMatchObject({ state: 'error', reason: expect.stringMatching(/EADDRINUSE/) });
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});

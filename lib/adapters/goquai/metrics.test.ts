import { describe, expect, it } from 'vitest';
import { parseGoquaiMetrics } from './metrics';

/** A page as go-quai's Prometheus handler serves it: one label named `label` per vector (metrics_config/metrics.go). */
const PAGE = `# HELP MessageCounters Counters to track messages sent over the P2P layer
# TYPE MessageCounters counter
MessageCounters{label="blocks"} 4
MessageCounters{label="received"} 1234
MessageCounters{label="sent"} 5678
# HELP PeerGauges Track the number of peers connected to this node
# TYPE PeerGauges gauge
PeerGauges{label="numPeers"} 17
# HELP StreamGauges Track the number of streams opened by this node
# TYPE StreamGauges gauge
StreamGauges{label="NumStreams"} 9
# HELP go_goroutines Number of goroutines that currently exist.
# TYPE go_goroutines gauge
go_goroutines 412
`;

describe("go-quai's metrics page", () => {
  it('reads peers, streams and message counters by their `label` label', () => {
    expect(parseGoquaiMetrics(PAGE)).toEqual({ ok: true, metrics: { peers: 17, streams: 9, messagesSent: 5678, messagesReceived: 1234 } });
  });

  it("reads only go-quai's families, and the last sample of a page without a final newline", () => {
    const withoutRuntime = PAGE.split('\n').filter((line) => !line.includes('go_goroutines')).join('\n').trimEnd();
    expect(withoutRuntime.endsWith('StreamGauges{label="NumStreams"} 9')).toBe(true);
    expect(parseGoquaiMetrics(withoutRuntime)).toMatchObject({ ok: true, metrics: { streams: 9, peers: 17 } });
    expect(parseGoquaiMetrics('StreamGauges{label="NumStreams"} 4')).toMatchObject({ ok: true, metrics: { streams: 4 } });
  });

  it('a metric the page does not carry is unknown (null), never 0', () => {
    const page = PAGE.split('\n').filter((line) => !line.includes('PeerGauges') && !line.includes('label="sent"')).join('\n');
    expect(parseGoquaiMetrics(page)).toEqual({ ok: true, metrics: { peers: null, streams: 9, messagesSent: null, messagesReceived: 1234 } });
    expect(parseGoquaiMetrics('')).toEqual({ ok: true, metrics: { peers: null, streams: null, messagesSent: null, messagesReceived: null } });
  });

  it('a gauge under another label or with a value that is no count is unknown', () => {
    expect(parseGoquaiMetrics('PeerGauges{kind="numPeers"} 3\nStreamGauges{label="NumStreams"} NaN\nMessageCounters{label="sent"} -1\n')).toEqual({
      ok: true,
      metrics: { peers: null, streams: null, messagesSent: null, messagesReceived: null },
    });
  });

  it('a page that is not Prometheus text is an error value, not a throw', () => {
    const parsed = parseGoquaiMetrics('PeerGauges{label="numPeers" 17\n{{{');
    expect(parsed.ok).toBe(false);
  });
});

import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/**
 * go-quai's Prometheus page (metrics_config/metrics.go): every vector has one
 * label named `label`. Read here: `PeerGauges{label="numPeers"}`
 * (common/common_metrics.go, p2p/node/streamManager), `StreamGauges{label="NumStreams"}`
 * (p2p/protocol/protocol_metrics.go) and `MessageCounters{label="sent"|"received"}`
 * (p2p/pb/proto_metrics.go). A metric the page does not carry is null (unknown), never 0.
 */

export type GoquaiMetrics = {
  peers: number | null;
  streams: number | null;
  messagesSent: number | null;
  messagesReceived: number | null;
};

type Family = { name: string; metrics: Array<{ value?: string; labels?: Record<string, string> }> };

function sample(families: readonly Family[], name: string, label: string): number | null {
  const family = families.find((candidate) => candidate.name === name);
  const metric = family?.metrics.find((candidate) => candidate.labels?.label === label);
  if (metric?.value === undefined) return null;
  const value = Number(metric.value);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** Lines of the three families read here: samples, HELP and TYPE (multiline, anchored at line starts). */
const WANTED_LINE = /^(?:# (?:HELP|TYPE) )?(?:PeerGauges|StreamGauges|MessageCounters)[{ ].*$/gm;

/**
 * The lines of the families read here. A go-quai page also carries hundreds of
 * Go runtime and process series; handing the parser only these three lines
 * costs about 1/60 of parsing a 75 KB page whole (docs/goquai.md).
 */
export function wantedFamilies(text: string): string {
  const lines = text.match(WANTED_LINE) ?? [];
  // The parser reads a sample only at its line's end: a page cut without a final newline would lose its last one.
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Parses a metrics page with parse-prometheus-text-format; a page it cannot read is an error value. */
export function parseGoquaiMetrics(text: string): { ok: true; metrics: GoquaiMetrics } | { ok: false; message: string } {
  let families: Family[];
  try {
    families = parsePrometheusTextFormat(wantedFamilies(text)) as Family[];
  } catch (error) {
    return { ok: false, message: `not a Prometheus text page: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}` };
  }
  if (!Array.isArray(families)) return { ok: false, message: 'not a Prometheus text page' };
  return {
    ok: true,
    metrics: {
      peers: sample(families, 'PeerGauges', 'numPeers'),
      streams: sample(families, 'StreamGauges', 'NumStreams'),
      messagesSent: sample(families, 'MessageCounters', 'sent'),
      messagesReceived: sample(families, 'MessageCounters', 'received'),
    },
  };
}

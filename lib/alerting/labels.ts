/**
 * Label values for metrics and alerts. Metric labels only ever hold values
 * from the config (cluster names, target ids) or from fixed vocabularies
 * (statuses, finding kinds, severities, classes): never finding ids or node
 * text, so the number of series is bounded by the config.
 */

/** Longest label value sent anywhere; longer text is cut and marked. */
export const MAX_LABEL_VALUE_LENGTH = 256;

/** Cuts a value to the label limit (by code point, so no half surrogate pair) and drops control characters. */
export function boundedLabelValue(value: string, max = MAX_LABEL_VALUE_LENGTH): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ');
  const points = Array.from(clean);
  return points.length <= max ? clean : `${points.slice(0, max - 1).join('')}…`;
}

/** Evidence as one line of `key=value` pairs, for an alert annotation. */
export function evidenceLine(evidence: Record<string, unknown>, max = 1000): string {
  const parts = Object.entries(evidence).map(([key, value]) => `${key}=${typeof value === 'string' ? value : safeJson(value)}`);
  return boundedLabelValue(parts.join(', '), max);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

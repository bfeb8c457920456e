import { z } from '@/lib/contract/zod';
import { durationSchema } from '@/lib/config/duration';
import { envVarName, httpUrl } from '@/lib/config/target-fields';

/**
 * `alerting:` in the config: where findings are pushed. Every address comes
 * from here, never from a request. Credentials are not written here: a
 * webhook names the environment variable that holds its headers.
 */

export const webhookConfigSchema = z.strictObject({
  url: httpUrl,
  /**
   * Name of an environment variable holding extra request headers, either a
   * JSON object (`{"Authorization":"Bearer …"}`) or "Name: value" lines.
   */
  headersEnv: envVarName.optional(),
});
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const alertingConfigSchema = z
  .strictObject({
    /** The dashboard's address as operators reach it; alert links point here. */
    externalUrl: httpUrl.optional(),
    /** Alertmanager base URLs (alerts go to `<url>/api/v2/alerts`). */
    alertmanagers: z.array(httpUrl).max(16).default([]),
    webhooks: z.array(webhookConfigSchema).max(16).default([]),
    /** Active alerts are re-sent this often, as Prometheus does (its default is 1m). */
    resendInterval: durationSchema(1000, 3_600_000).default(60_000),
    /** One delivery attempt may take this long before it counts as failed. */
    timeout: durationSchema(100, 60_000).default(5000),
  })
  .prefault({});
export type AlertingConfig = z.infer<typeof alertingConfigSchema>;

export type HeadersResult = { ok: true; headers: Record<string, string> } | { ok: false; message: string };

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Headers the sender sets itself; a configured value must not change the framing of the request.
const RESERVED_HEADERS = new Set(['content-length', 'content-type', 'host', 'transfer-encoding', 'connection']);

/**
 * Reads a webhook's headers from its environment variable: a JSON object of
 * strings, or "Name: value" lines. Errors name the variable, never its value.
 */
export function parseHeadersEnv(name: string, env: Readonly<Record<string, string | undefined>> = process.env): HeadersResult {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return { ok: false, message: `environment variable ${name} is not set or empty` };
  const entries: [string, unknown][] = [];
  const text = raw.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, message: `${name}: expected a JSON object of header names to text values, or "Name: value" lines` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ok: false, message: `${name}: expected a JSON object of header names to text values` };
    }
    entries.push(...Object.entries(parsed));
  } else {
    for (const [index, line] of text.split(/\r?\n/).entries()) {
      if (line.trim() === '') continue;
      const colon = line.indexOf(':');
      if (colon <= 0) return { ok: false, message: `${name} line ${index + 1}: expected "Name: value"` };
      entries.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  const headers: Record<string, string> = {};
  for (const [header, value] of entries) {
    if (!HEADER_NAME.test(header)) return { ok: false, message: `${name}: "${header.slice(0, 64)}" is not a valid header name` };
    if (RESERVED_HEADERS.has(header.toLowerCase())) return { ok: false, message: `${name}: header ${header} is set by the dashboard itself` };
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) return { ok: false, message: `${name}: header ${header} needs a single-line text value` };
    headers[header] = value;
  }
  return { ok: true, headers };
}

/** A URL as shown in metrics and on the status page: no query (it may carry a token), no credentials. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

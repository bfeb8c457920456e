import type { NodeReport } from '@/lib/contract/report';

/** What replaces a secret in any text that leaves an adapter. */
export const REDACTED = '[redacted]';

/**
 * The values of every environment variable a target names for a credential
 * (`passwordEnv`, `bearerTokenEnv`, any field ending in `Env`), so a new source
 * kind's credential fields are covered without a list kept here.
 */
export function configuredSecrets(targets: readonly object[], env: Record<string, string | undefined> = process.env): string[] {
  const secrets = new Set<string>();
  for (const target of targets) {
    for (const [key, name] of Object.entries(target)) {
      if (!key.endsWith('Env') || typeof name !== 'string') continue;
      const value = env[name];
      if (value !== undefined && value !== '') secrets.add(value);
    }
  }
  return [...secrets];
}

export type Redactor = {
  text(value: string): string;
  /** A copy of the report with every string scrubbed (the same object when nothing matched). */
  report(report: NodeReport): NodeReport;
};

/** Nothing to scrub (no credential configured): one shared redactor, not one per target. */
const NO_SECRETS: Redactor = Object.freeze({
  text: (value: string) => value,
  report: (report: NodeReport) => report,
});

/**
 * Scrubs known secrets from text: the raw value and the forms it takes when a
 * server quotes it back (URL-encoded, JSON-escaped). Longest first, so a secret
 * that contains another is replaced whole.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  if (forms.size === 0) return NO_SECRETS;
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const text = (value: string): string => {
    let result = value;
    for (let index = 0; index < ordered.length; index += 1) {
      const form = ordered[index];
      if (result.includes(form)) result = result.split(form).join(REDACTED);
    }
    return result;
  };
  return {
    text,
    report: (report) => scrub(report, text) as NodeReport,
  };
}

const MAX_DEPTH = 200;

/** Walks plain data (what a NodeReport is) and returns it with every string scrubbed; unchanged parts keep their identity. */
function scrub(value: unknown, text: (value: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return text(value);
  if (value === null || typeof value !== 'object') return value;
  // Reports are shallow (the native adapter refuses deep JSON); fail closed rather than walk without bound.
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let index = 0; index < value.length; index += 1) {
      const scrubbed = scrub(value[index], text, depth + 1);
      if (scrubbed !== value[index]) (copy ??= value.slice())[index] = scrubbed;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | null = null;
  const record = value as Record<string, unknown>;
  // for…in over plain data: no entries array per object (a Redis report has 16,384 partitions).
  for (const key in record) {
    const item = record[key];
    const scrubbedKey = text(key);
    const scrubbed = typeof item === 'number' || typeof item === 'boolean' ? item : scrub(item, text, depth + 1);
    if (scrubbed !== item || scrubbedKey !== key) {
      copy ??= { ...record };
      if (scrubbedKey !== key) delete copy[key];
      copy[scrubbedKey] = scrubbed;
    }
  }
  return copy ?? value;
}

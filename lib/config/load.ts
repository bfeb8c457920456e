import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatIssuePath } from '@/lib/contract/issue-path';
import { dashboardConfigSchemaFor, type DashboardConfig } from './schema';

export { formatIssuePath };

export type ConfigResult = { ok: true; config: DashboardConfig; file: string } | { ok: false; message: string };

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `unknown key ${keys} (check the spelling; see docs/configuration.md)`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `missing: ${issue.message.replace(/^Invalid input: /, '')}`;
  }
  return issue.message;
}

/** Validates an already-parsed config object; `file` is only used in messages. */
export function validateClusterConfig(raw: unknown, file: string): ConfigResult {
  const parsed = dashboardConfigSchemaFor(raw).safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data, file };
  const lines = parsed.error.issues.map((issue) => `  - ${formatIssuePath(issue.path)}: ${describeIssue(issue)}`);
  return { ok: false, message: `Invalid cluster config ${file}:\n${lines.join('\n')}` };
}

/** Parses YAML or JSON text (JSON is YAML) with line/column on syntax errors. */
export function parseClusterConfigText(text: string, file: string): ConfigResult {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    // The yaml library's message already names the line and column.
    const first = document.errors[0];
    return { ok: false, message: `Cannot parse cluster config ${file}: ${first.message.split('\n')[0]} (expected YAML or JSON)` };
  }
  let raw: unknown;
  try {
    // Each alias may be expanded this many times at most: an alias bomb is a config error, not a crash.
    raw = document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Cannot parse cluster config ${file}: ${why} (YAML aliases expand to more than ${MAX_ALIAS_EXPANSIONS} copies; write the values out)` };
  }
  return validateClusterConfig(raw, file);
}

const MAX_ALIAS_EXPANSIONS = 100;

export function loadClusterConfig(file: string): ConfigResult {
  const absolute = path.resolve(/*turbopackIgnore: true*/ file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(error);
    return {
      ok: false,
      message: `Cannot read cluster config ${absolute}: ${why}. Set CLUSTER_CONFIG to a readable YAML or JSON file, or unset it to run the demo cluster.`,
    };
  }
  return parseClusterConfigText(text, absolute);
}

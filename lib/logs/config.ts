import { z } from '@/lib/contract/zod';
import { durationSchema } from '@/lib/config/duration';
import { hostPort, targetId } from '@/lib/config/target-fields';

/**
 * Log sources in the cluster config: files on the dashboard's host (or a
 * mounted volume) and a syslog receiver. Every object is strict, like the rest
 * of the config, so a misspelt key is an error. Written per cluster
 * (`logs.sources`) or per target (`targets[i].logs`, where `target` is implied).
 */

function validRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const regexText = z
  .string({ error: 'expected a regular expression (text)' })
  .min(1)
  .max(2000)
  .refine(validRegex, { error: 'expected a valid JavaScript regular expression' });

export const LOG_FORMATS = ['glog', 'logrus', 'json', 'raw'] as const;

/** How each line is parsed: a named format, or a pattern with named groups (time, level, message, component). */
export const logFormatSchema = z.union(
  [
    z.enum(LOG_FORMATS),
    z.strictObject({
      regex: regexText.refine((pattern) => /\(\?<[A-Za-z]\w*>/.test(pattern), {
        error: 'expected named groups, like (?<level>\\w+) (?<message>.*)',
      }),
    }),
  ],
  { error: `expected a format: ${LOG_FORMATS.map((name) => `"${name}"`).join(', ')} or { regex: "…(?<message>.*)" }` },
);
export type LogFormat = z.infer<typeof logFormatSchema>;

/** The writer's clock for stamps without a zone (glog, logrus `01-02|…`): "UTC" or an offset like "+02:00". */
const timezoneSchema = z
  .string()
  .regex(/^(UTC|Z|[+-]\d{2}:\d{2})$/, { error: 'expected "UTC" or an offset like "+02:00"' })
  .default('UTC');

export function utcOffsetMinutes(timezone: string): number {
  if (timezone === 'UTC' || timezone === 'Z') return 0;
  const sign = timezone[0] === '-' ? -1 : 1;
  return sign * (Number(timezone.slice(1, 3)) * 60 + Number(timezone.slice(4, 6)));
}

const maxLineBytes = z.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024);

const common = {
  format: logFormatSchema,
  timezone: timezoneSchema,
  /** Component for lines whose format names none (default: the file name, or the syslog app-name). */
  component: z.string().min(1).max(128).optional(),
  /** Longer lines are cut there, with a marker, without holding the rest in memory. */
  maxLineBytes,
};

const startAtSchema = z
  .union([z.literal('end'), z.literal('beginning'), z.strictObject({ lastLines: z.number().int().min(1).max(100_000) })], {
    error: 'expected "end", "beginning" or { lastLines: N }',
  })
  .default('end');

export const fileLogSourceSchema = z
  .strictObject({
    type: z.literal('file'),
    /** Paths or globs (`*`, `**`, `?`, `{a,b}`); re-evaluated so new files are picked up. */
    paths: z.array(z.string().min(1).max(4096)).min(1, { error: 'expected at least one path or glob' }).max(100),
    /** Where a file seen for the first time is read from. Rotated successors are always read from their start. */
    startAt: startAtSchema,
    /** The target every line belongs to (implied when the source is written under a target). */
    target: targetId.optional(),
    /** Or: a pattern over the file's path whose named group `target` is the target id. */
    targetFromPath: regexText
      .refine((pattern) => pattern.includes('(?<target>'), { error: 'expected a named group (?<target>…)' })
      .optional(),
    /** How often files are checked when no change notification comes (network mounts miss them). */
    pollInterval: durationSchema(100, 60_000).default(1000),
    ...common,
  })
  .refine((source) => !(source.target && source.targetFromPath), {
    error: 'expected either "target" or "targetFromPath", not both',
    path: ['targetFromPath'],
  });
export type FileLogSourceConfig = z.infer<typeof fileLogSourceSchema>;

/**
 * An allowed sender: an address or a CIDR range. zod's own validators, not
 * node:net, because the config schema is also bundled for the browser.
 */
const allowEntrySchema = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
  error: 'expected an IP address or CIDR range, like "10.0.0.0/8"',
});

/** One mapping rule: every given condition must hold; the first rule that holds names the target. */
export const syslogMapRuleSchema = z
  .strictObject({
    hostname: z.string().min(1).max(255).optional(),
    appName: z.string().min(1).max(48).optional(),
    /** A pattern over the message text. */
    match: regexText.optional(),
    target: targetId,
  })
  .refine((rule) => rule.hostname !== undefined || rule.appName !== undefined || rule.match !== undefined, {
    error: 'expected at least one of hostname, appName or match',
  });
export type SyslogMapRule = z.infer<typeof syslogMapRuleSchema>;

export const syslogLogSourceSchema = z.strictObject({
  type: z.literal('syslog'),
  /** Address the receiver binds to, e.g. "0.0.0.0:5514" or "127.0.0.1:5514". */
  listen: hostPort,
  /** tcp: RFC 5424 with octet-counting or newline framing (RFC 6587); udp: RFC 3164 or RFC 5424, one message per datagram. */
  protocol: z.enum(['tcp', 'udp'], { error: 'expected "tcp" or "udp"' }),
  /** Sender addresses or CIDR ranges allowed to send; everything else is refused and counted. */
  allowFrom: z
    .array(allowEntrySchema)
    .min(1, { error: 'expected at least one allowed sender address' })
    .max(1000),
  /** Lines to targets, first matching rule wins; a line no rule maps is counted as unattributed. */
  map: z.array(syslogMapRuleSchema).min(1, { error: 'expected at least one mapping rule' }).max(10_000),
  /** Open TCP connections at once; more are refused and counted. */
  maxConnections: z.number().int().min(1).max(10_000).default(256),
  ...common,
});
export type SyslogLogSourceConfig = z.infer<typeof syslogLogSourceSchema>;

export const logSourceSchema = z.discriminatedUnion('type', [fileLogSourceSchema, syslogLogSourceSchema], {
  error: 'expected a log source with type "file" or "syslog"',
});
export type LogSourceConfig = z.infer<typeof logSourceSchema>;

/** Per-cluster sources: a file source must say which target its lines belong to. */
export const clusterLogSourcesSchema = z
  .array(logSourceSchema)
  .max(1000)
  .superRefine((sources, ctx) => {
    sources.forEach((source, index) => {
      if (source.type === 'file' && !source.target && !source.targetFromPath) {
        ctx.addIssue({ code: 'custom', path: [index, 'target'], message: 'expected "target" or "targetFromPath": every line belongs to one target' });
      }
    });
  });

/** Sources written under a target: a file source's lines are that target's (its `target` may be left out). */
export const targetLogSourcesSchema = z.array(logSourceSchema).max(100);

/**
 * Every source of a cluster, per-target ones with their target filled in:
 * what LogIngest takes.
 */
export function clusterLogSources(
  clusterSources: readonly LogSourceConfig[],
  targets: ReadonlyArray<{ id: string; logs?: readonly LogSourceConfig[] }>,
): LogSourceConfig[] {
  const sources = [...clusterSources];
  for (const target of targets) {
    for (const source of target.logs ?? []) {
      sources.push(source.type === 'file' ? { ...source, target: source.target ?? target.id, targetFromPath: undefined } : source);
    }
  }
  return sources;
}

/**
 * Target ids a set of sources names that the cluster does not have: the
 * cluster schema calls this so a typo in `target` is a config error, not a
 * stream of lines attributed to nobody.
 */
export function unknownTargets(sources: readonly LogSourceConfig[], targetIds: ReadonlySet<string>): Array<{ path: (string | number)[]; target: string }> {
  const unknown: Array<{ path: (string | number)[]; target: string }> = [];
  sources.forEach((source, index) => {
    if (source.type === 'file') {
      if (source.target && !targetIds.has(source.target)) unknown.push({ path: [index, 'target'], target: source.target });
      return;
    }
    source.map.forEach((rule, ruleIndex) => {
      if (!targetIds.has(rule.target)) unknown.push({ path: [index, 'map', ruleIndex, 'target'], target: rule.target });
    });
  });
  return unknown;
}

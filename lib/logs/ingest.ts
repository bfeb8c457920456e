import path from 'node:path';
import type { LogEntry } from '@/lib/contract/admin-v1';
import { utcOffsetMinutes, type FileLogSourceConfig, type LogSourceConfig, type SyslogLogSourceConfig, type SyslogMapRule } from './config';
import { extractEvidence, lineAnnotation, type LogEvidence } from './extractors';
import { FileTail, type FilePosition, type TailedFileStatus } from './file-tail';
import { parserFor, parseRecord, type LineParser } from './formats';
import type { SplitLine } from './line-splitter';
import { RecordAssembler, type LogRecord } from './records';
import { SyslogReceiver, type ReceivedSyslog, type SyslogReceiverStatus } from './syslog';

/**
 * LogIngest owns the log sources of one cluster: it reads them, parses each
 * record in its source's format, attributes it to one target, and hands the
 * sink `(target, lines, evidence)`. The lines are LogStore entries like the
 * native API's (LogStore.append), so the log panel shows one stream with the
 * same fingerprints; the evidence is what the extractors found in them.
 */

/** A line as the log store takes it (it gives the cursor). */
export type IngestedLine = Omit<LogEntry, 'cursor'>;

export type IngestBatch = {
  target: string;
  lines: IngestedLine[];
  /** `evidence[i].line` indexes `lines`. */
  evidence: LogEvidence[];
  receivedAt: number;
};

export type LogSourceStatus = {
  /** "file #0", "syslog #1 tcp 0.0.0.0:5514": how the status names the source. */
  source: string;
  type: LogSourceConfig['type'];
  /** The paths or globs read, or the syslog listen address. */
  where: string;
  /** The targets lines go to: the fixed one, "from path …", or the syslog map's targets. */
  targets: string[];
  state: 'starting' | 'ok' | 'error' | 'stopped';
  /** Why the source, or one of its files, has a problem; null when none. */
  reason: string | null;
  lines: number;
  bytes: number;
  /** Records no format rule matched (kept raw, level unknown). */
  unparsed: number;
  /** Records that could not be given to a target (no mapping rule, no target in the path), counted and dropped. */
  unattributed: number;
  evidence: number;
  files?: TailedFileStatus[];
  syslog?: SyslogReceiverStatus;
};

/** A source as LogIngest takes it: per-target sources come with their target filled in. */
export type IngestSource = LogSourceConfig;

export type LogIngestOptions = {
  sources: readonly IngestSource[];
  onBatch: (batch: IngestBatch) => void;
  /** Saved file positions, keyed by source index then path. */
  initialPositions?: Readonly<Record<number, Readonly<Record<string, FilePosition>>>>;
  now?: () => number;
};

/** A multi-line record (a Go panic) still open this long with nothing new is ended. */
const RECORD_IDLE_MS = 1000;

type Counters = { lines: number; bytes: number; unparsed: number; unattributed: number; evidence: number };

/** The target a syslog message belongs to: the first rule whose every condition holds. */
export function syslogTarget(message: Pick<ReceivedSyslog, 'hostname' | 'appName' | 'message'>, rules: readonly SyslogMapRule[], patterns: ReadonlyMap<SyslogMapRule, RegExp>): string | null {
  for (const rule of rules) {
    if (rule.hostname !== undefined && rule.hostname !== message.hostname) continue;
    if (rule.appName !== undefined && rule.appName !== message.appName) continue;
    const pattern = patterns.get(rule);
    if (pattern && !pattern.test(message.message)) continue;
    return rule.target;
  }
  return null;
}

/** The target a file belongs to: the fixed one, or the `target` group of targetFromPath. */
export function fileTarget(source: Pick<FileLogSourceConfig, 'target' | 'targetFromPath'>, file: string, pattern: RegExp | null): string | null {
  if (source.target) return source.target;
  return pattern?.exec(file)?.groups?.target ?? null;
}

/** Turns parsed records into store lines and evidence: the pure core of ingest. */
export function toBatch(target: string, records: readonly LogRecord[], parser: LineParser, offsetMinutes: number, defaultComponent: string, receivedAt: number): { batch: IngestBatch; unparsed: number } {
  const lines: IngestedLine[] = [];
  const evidence: LogEvidence[] = [];
  let unparsed = 0;
  records.forEach((record, index) => {
    const parsed = parseRecord(parser, record, offsetMinutes);
    if (!parsed.parsed) unparsed++;
    const found = parsed.parsed ? extractEvidence({ line: parsed, target, index }) : null;
    const line: IngestedLine = {
      ts: parsed.ts,
      level: parsed.level,
      component: (parsed.component ?? defaultComponent).slice(0, 128),
      message: parsed.message,
      ...(found ? lineAnnotation(found) : {}),
    };
    if (line.subject !== undefined) line.subject = line.subject.slice(0, 256);
    lines.push(line);
    if (found) evidence.push(found);
  });
  return { batch: { target, lines, evidence, receivedAt }, unparsed };
}

function componentOfFile(file: string): string {
  const base = path.basename(file);
  const dot = base.indexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

abstract class RunningSource {
  readonly counters: Counters = { lines: 0, bytes: 0, unparsed: 0, unattributed: 0, evidence: 0 };
  protected readonly parser: LineParser;
  protected readonly offsetMinutes: number;

  constructor(
    readonly label: string,
    config: LogSourceConfig,
    private readonly onBatch: (batch: IngestBatch) => void,
  ) {
    this.parser = parserFor(config.format);
    this.offsetMinutes = utcOffsetMinutes(config.timezone);
  }

  protected deliver(target: string, records: LogRecord[], component: string, receivedAt: number): void {
    if (records.length === 0) return;
    const { batch, unparsed } = toBatch(target, records, this.parser, this.offsetMinutes, component, receivedAt);
    this.counters.lines += batch.lines.length;
    this.counters.unparsed += unparsed;
    this.counters.evidence += batch.evidence.length;
    for (const record of records) this.counters.bytes += record.bytes;
    this.onBatch(batch);
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  abstract flushIdle(now: number): void;
  abstract status(): LogSourceStatus;
}

class FileSource extends RunningSource {
  private readonly tail: FileTail;
  private readonly assemblers = new Map<string, { assembler: RecordAssembler; lastAt: number }>();
  private readonly pathPattern: RegExp | null;

  constructor(
    label: string,
    private readonly config: FileLogSourceConfig,
    onBatch: (batch: IngestBatch) => void,
    initialPositions: Readonly<Record<string, FilePosition>> | undefined,
    private readonly now: () => number,
  ) {
    super(label, config, onBatch);
    this.pathPattern = config.targetFromPath ? new RegExp(config.targetFromPath) : null;
    this.tail = new FileTail({
      paths: config.paths,
      startAt: config.startAt,
      pollIntervalMs: config.pollInterval,
      maxLineBytes: config.maxLineBytes,
      initialPositions,
      now,
      onLines: (file, lines, receivedAt) => this.onLines(file, lines, receivedAt),
      onQuiet: (file) => this.flushFile(file),
    });
  }

  private assemblerFor(file: string) {
    let entry = this.assemblers.get(file);
    if (!entry) {
      entry = { assembler: new RecordAssembler(), lastAt: this.now() };
      this.assemblers.set(file, entry);
    }
    return entry;
  }

  private onLines(file: string, lines: SplitLine[], receivedAt: number): void {
    const entry = this.assemblerFor(file);
    entry.lastAt = receivedAt;
    const records = lines.flatMap((line) => entry.assembler.push(line, receivedAt));
    this.route(file, records, receivedAt);
  }

  private route(file: string, records: LogRecord[], receivedAt: number): void {
    if (records.length === 0) return;
    const target = fileTarget(this.config, file, this.pathPattern);
    if (target === null) {
      this.counters.unattributed += records.length;
      return;
    }
    this.deliver(target, records, this.config.component ?? componentOfFile(file), receivedAt);
  }

  private flushFile(file: string): void {
    const entry = this.assemblers.get(file);
    if (entry?.assembler.pending()) this.route(file, entry.assembler.flush(), this.now());
  }

  flushIdle(now: number): void {
    for (const [file, entry] of this.assemblers) if (now - entry.lastAt >= RECORD_IDLE_MS) this.flushFile(file);
  }

  private phase: 'starting' | 'running' | 'stopped' = 'starting';

  async start(): Promise<void> {
    await this.tail.start();
    this.phase = 'running';
  }

  async stop(): Promise<void> {
    await this.tail.stop();
    this.phase = 'stopped';
    for (const file of this.assemblers.keys()) this.flushFile(file);
  }

  positions(): Record<string, FilePosition> {
    return this.tail.positions();
  }

  status(): LogSourceStatus {
    const files = this.tail.status();
    const failing = files.filter((file) => file.state === 'error');
    return {
      source: this.label,
      type: 'file',
      where: this.config.paths.join(', '),
      targets: this.config.target ? [this.config.target] : this.config.targetFromPath ? [`from path ${this.config.targetFromPath}`] : [],
      state: this.phase === 'running' ? (failing.length > 0 ? 'error' : 'ok') : this.phase,
      reason: failing.length > 0 ? failing.map((file) => `${file.path}: ${file.reason}`).join('; ') : null,
      ...this.counters,
      files,
    };
  }
}

class SyslogSource extends RunningSource {
  private readonly receiver: SyslogReceiver;
  private readonly patterns = new Map<SyslogMapRule, RegExp>();
  /** Per sender stream (host + app), so a Go panic forwarded line by line is joined again. */
  private readonly assemblers = new Map<string, { assembler: RecordAssembler; lastAt: number; target: string; component: string }>();

  constructor(
    label: string,
    private readonly config: SyslogLogSourceConfig,
    onBatch: (batch: IngestBatch) => void,
    private readonly now: () => number,
  ) {
    super(label, config, onBatch);
    for (const rule of config.map) if (rule.match) this.patterns.set(rule, new RegExp(rule.match));
    this.receiver = new SyslogReceiver({
      listen: config.listen,
      protocol: config.protocol,
      allowFrom: config.allowFrom,
      maxLineBytes: config.maxLineBytes,
      maxConnections: config.maxConnections,
      now,
      onMessage: (message, receivedAt) => this.onMessage(message, receivedAt),
    });
  }

  private onMessage(message: ReceivedSyslog, receivedAt: number): void {
    const target = syslogTarget(message, this.config.map, this.patterns);
    if (target === null) {
      this.counters.unattributed++;
      return;
    }
    const key = `${target}\u0000${message.hostname ?? ''}\u0000${message.appName ?? ''}`;
    let entry = this.assemblers.get(key);
    if (!entry) {
      entry = { assembler: new RecordAssembler(), lastAt: receivedAt, target, component: this.config.component ?? message.appName ?? 'syslog' };
      this.assemblers.set(key, entry);
    }
    entry.lastAt = receivedAt;
    const records: LogRecord[] = [];
    // One syslog message may hold several lines (a forwarded multi-line record): each is a line to the assembler.
    const parts = message.message.split('\n');
    parts.forEach((text, index) => {
      const bytes = index === 0 ? message.bytes : 0;
      records.push(...entry.assembler.push({ text, truncated: message.truncated && index === parts.length - 1, bytes }, receivedAt));
    });
    this.deliver(target, records, entry.component, receivedAt);
  }

  flushIdle(now: number): void {
    for (const entry of this.assemblers.values()) {
      if (entry.assembler.pending() && now - entry.lastAt >= RECORD_IDLE_MS) this.deliver(entry.target, entry.assembler.flush(), entry.component, now);
    }
  }

  async start(): Promise<void> {
    await this.receiver.start();
  }

  async stop(): Promise<void> {
    await this.receiver.stop();
    for (const entry of this.assemblers.values()) this.deliver(entry.target, entry.assembler.flush(), entry.component, this.now());
  }

  status(): LogSourceStatus {
    const syslog = this.receiver.status();
    return {
      source: this.label,
      type: 'syslog',
      where: `${this.config.protocol} ${syslog.address ?? this.config.listen}`,
      targets: [...new Set(this.config.map.map((rule) => rule.target))],
      state: syslog.state,
      reason: syslog.reason,
      ...this.counters,
      syslog,
    };
  }
}

export class LogIngest {
  private readonly sources: RunningSource[];
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(options: LogIngestOptions) {
    this.now = options.now ?? Date.now;
    this.sources = options.sources.map((config, index) =>
      config.type === 'file'
        ? new FileSource(`file #${index} ${config.paths.join(', ')}`, config, options.onBatch, options.initialPositions?.[index], this.now)
        : new SyslogSource(`syslog #${index} ${config.protocol} ${config.listen}`, config, options.onBatch, this.now),
    );
  }

  /** Starts every source; one that cannot start shows it in its status, the others run. */
  async start(): Promise<void> {
    await Promise.all(this.sources.map((source) => source.start().catch(() => {})));
    this.timer = setInterval(() => {
      const now = this.now();
      for (const source of this.sources) source.flushIdle(now);
    }, RECORD_IDLE_MS);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(this.sources.map((source) => source.stop()));
  }

  status(): LogSourceStatus[] {
    return this.sources.map((source) => source.status());
  }

  /** File positions per source index, to persist and pass back as `initialPositions`. */
  positions(): Record<number, Record<string, FilePosition>> {
    const out: Record<number, Record<string, FilePosition>> = {};
    this.sources.forEach((source, index) => {
      if (source instanceof FileSource) out[index] = source.positions();
    });
    return out;
  }
}

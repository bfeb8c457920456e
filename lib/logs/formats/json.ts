import type { LogLevel } from '@/lib/contract/admin-v1';
import { decodeGoBytes, levelFromWord, rawLine } from './text';
import type { LineParser, ParseContext } from './types';

/**
 * JSON lines: one object per line, as logrus JSONFormatter, zap, zerolog,
 * slog, pino and bunyan write them. The usual keys are read (first found
 * wins); every other top-level scalar becomes a field.
 */
const TIME_KEYS = ['time', 'ts', 'timestamp', '@timestamp', 't'];
const LEVEL_KEYS = ['level', 'lvl', 'severity', 'log.level', 'levelname'];
const MESSAGE_KEYS = ['msg', 'message', 'event'];
const COMPONENT_KEYS = ['component', 'module', 'logger', 'caller', 'name'];

/** pino / bunyan numeric levels. */
function numericLevel(value: number): LogLevel | null {
  if (value >= 50) return 'error';
  if (value >= 40) return 'warn';
  if (value >= 30) return 'info';
  if (value >= 10) return 'debug';
  return null;
}

function timeOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Seconds (zap's default "ts", possibly fractional) or milliseconds (pino): told apart by size.
    return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  }
  if (typeof value === 'string') {
    const at = Date.parse(value);
    return Number.isFinite(at) ? at : null;
  }
  return null;
}

function firstKey(record: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) if (key in record) return key;
  return null;
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return decodeGoBytes(value) ?? value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export const parseJsonLine: LineParser = (text, context: ParseContext) => {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return rawLine(text, context);
  let record: unknown;
  try {
    record = JSON.parse(trimmed);
  } catch {
    return rawLine(text, context);
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return rawLine(text, context);
  const object = record as Record<string, unknown>;
  const timeKey = firstKey(object, TIME_KEYS);
  const levelKey = firstKey(object, LEVEL_KEYS);
  const messageKey = firstKey(object, MESSAGE_KEYS);
  const componentKey = firstKey(object, COMPONENT_KEYS);
  const at = timeKey ? timeOf(object[timeKey]) : null;
  const rawLevel = levelKey ? object[levelKey] : undefined;
  const level =
    typeof rawLevel === 'number' ? numericLevel(rawLevel) : typeof rawLevel === 'string' ? levelFromWord(rawLevel) : null;
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(object)) {
    if (key === timeKey || key === levelKey || key === messageKey) continue;
    const textValue = scalarText(value);
    if (textValue !== null) fields[key] = textValue;
  }
  const message = messageKey ? (scalarText(object[messageKey]) ?? JSON.stringify(object[messageKey])) : trimmed;
  return {
    ts: new Date(at ?? context.receivedAt).toISOString(),
    tsFromLine: at !== null,
    // A record without a readable level is still a parsed record, but its level is not known.
    level: level ?? 'unknown',
    component: componentKey ? (scalarText(object[componentKey]) ?? null) : null,
    message,
    fields,
    parsed: true,
    truncated: false,
  };
};

/**
 * Lines exactly as go-quai writes its log files: logrus TextFormatter with
 * ForceColors, PadLevelText, FullTimestamp and TimestampFormat "01-02|15:04:05.000"
 * (go-quai log/logger.go createStandardLogger; sirupsen/logrus v1.9 text_formatter.go
 * printColored and appendValue). lib/adapters/goquai/fixtures/peers.logrus.log was
 * written by logrus itself with these settings; a unit test holds this formatter to it.
 */

const LEVEL_COLOR = { info: 36, warning: 33, error: 31 } as const;
export type LogrusLevel = keyof typeof LEVEL_COLOR;
/** logrus pads level names to the longest one ("WARNING"). */
const LEVEL_WIDTH = 7;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "01-02|15:04:05.000" in UTC (the demo's nodes run on UTC). */
export function goquaiStamp(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}|${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

/** logrus needsQuoting: anything but letters, digits and -._/@^+ is quoted with Go's %q. */
function appendValue(text: string): string {
  if (text !== '' && /^[A-Za-z0-9\-._/@^+]+$/.test(text)) return text;
  return goQuote(text);
}

/** Go's strconv.Quote for printable text: backslash and double quote escaped. */
function goQuote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** A field value as fmt.Sprint prints it. */
export type FieldValue = string | number | Uint8Array | ReadonlyArray<Record<string, string>>;

function sprint(value: FieldValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value instanceof Uint8Array) return `[${[...value].join(' ')}]`;
  // []log.Fields: each map's keys sorted, as fmt prints maps.
  return `[${value.map((fields) => `map[${Object.keys(fields).sort().map((key) => `${key}:${fields[key]}`).join(' ')}]`).join(' ')}]`;
}

/** One line, fields in sorted key order (logrus sorts them). */
export function logrusLine(level: LogrusLevel, atMs: number, message: string, fields: Record<string, FieldValue> = {}): string {
  const color = LEVEL_COLOR[level];
  const levelText = level.toUpperCase().padEnd(LEVEL_WIDTH, ' ');
  let line = `\u001b[${color}m${levelText}\u001b[0m[${goquaiStamp(atMs)}] ${message.padEnd(44, ' ')} `;
  for (const key of Object.keys(fields).sort()) line += ` \u001b[${color}m${key}\u001b[0m=${appendValue(sprint(fields[key]))}`;
  return line;
}

import { parseStamp } from './formats/stamps';

/**
 * One syslog message's header, RFC 5424 or RFC 3164 (BSD), read strictly
 * enough that the MSG part — the application's own line, which the source's
 * format then parses — comes through byte for byte. (nsyslog-parser was
 * considered: it trims the message, lifts "[id k=\"v\"]"-looking text out of
 * it as structured data and stamps missing times with "now".)
 */
export type SyslogMessage = {
  facility: number | null;
  severity: number | null;
  /** Epoch ms from the header; null when it has none or it is unreadable. */
  at: number | null;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgId: string | null;
  message: string;
  protocol: 'rfc5424' | 'rfc3164' | 'none';
};

const PRI = /^<(\d{1,3})>/;
const RFC5424 = /^(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) /;
const RFC3164 = /^([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) (\S+) ([^:[\s]+)(?:\[([^\]]*)\])?: ?/;

function nil(value: string): string | null {
  return value === '-' ? null : value;
}

/** Length of the STRUCTURED-DATA element at the start of `text` ("-" or "[…]…"), or -1 when malformed. */
function structuredDataLength(text: string): number {
  if (text.startsWith('-')) return 1;
  let index = 0;
  while (text[index] === '[') {
    index++;
    let inQuotes = false;
    for (; index < text.length; index++) {
      const char = text[index];
      if (char === '\\') {
        index++;
        continue;
      }
      if (char === '"') inQuotes = !inQuotes;
      else if (char === ']' && !inQuotes) break;
    }
    if (index >= text.length) return -1;
    index++;
  }
  return index === 0 ? -1 : index;
}

export function parseSyslogMessage(input: string, receivedAt: number): SyslogMessage {
  const pri = PRI.exec(input);
  const blank: SyslogMessage = { facility: null, severity: null, at: null, hostname: null, appName: null, procId: null, msgId: null, message: input, protocol: 'none' };
  if (!pri || Number(pri[1]) > 191) return blank;
  const value = Number(pri[1]);
  const withPri = { ...blank, facility: value >> 3, severity: value & 7, message: input.slice(pri[0].length) };
  const rest = withPri.message;

  const modern = RFC5424.exec(rest);
  if (modern) {
    const [whole, , timestamp, hostname, appName, procId, msgId] = modern;
    const afterHeader = rest.slice(whole.length);
    const sdLength = structuredDataLength(afterHeader);
    if (sdLength >= 0) {
      const at = timestamp === '-' ? null : Date.parse(timestamp);
      let message = afterHeader.slice(sdLength);
      if (message.startsWith(' ')) message = message.slice(1);
      // RFC 5424 allows a UTF-8 BOM before MSG.
      if (message.startsWith('\ufeff')) message = message.slice(1);
      return {
        ...withPri,
        at: at !== null && Number.isFinite(at) ? at : null,
        hostname: nil(hostname),
        appName: nil(appName),
        procId: nil(procId),
        msgId: nil(msgId),
        message,
        protocol: 'rfc5424',
      };
    }
  }

  const bsd = RFC3164.exec(rest);
  if (bsd) {
    const [whole, timestamp, hostname, tag, procId] = bsd;
    return {
      ...withPri,
      at: parseStamp(timestamp, { receivedAt, utcOffsetMinutes: 0 }),
      hostname,
      appName: tag,
      procId: procId ?? null,
      message: rest.slice(whole.length),
      protocol: 'rfc3164',
    };
  }
  // A PRI and then something else: keep the text, say nothing more than we know.
  return withPri;
}

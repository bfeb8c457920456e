/**
 * The demo nodes' own log lines, in the formats the seed systems really write
 * (../shared/design/SOURCES.md), so the demo reads them through the same log
 * sources an operator configures for a real cluster.
 */

export type SystemLogFormat = 'logrus' | 'glog';

/** The file a node writes each format to, inside the demo's log directory. */
export const SYSTEM_LOG_FILES: Record<SystemLogFormat, string> = { logrus: 'go-quai.log', glog: 'pika.WARNING' };

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** go-quai log/logger.go, logrus TextFormatter: `01-02|15:04:05.000`, level padded to 7 (PadLevelText). */
function logrusPrefix(level: 'ERROR' | 'INFO' | 'WARN', at: number): string {
  const date = new Date(at);
  const stamp = `${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}|${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`;
  return `${level.padEnd(7)}[${stamp}]`;
}

/** Pika glog (google/glog LogMessage::Init, with Pika's yyyymmdd date): `W20240617 02:46:19.710453 297 file.cc:276] `. */
function glogPrefix(letter: 'I' | 'W' | 'E', at: number, thread: number, source: string): string {
  const date = new Date(at);
  const day = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}000`;
  return `${letter}${day} ${time} ${thread} ${source}]`;
}

/** The go-quai peer DB race (issue #1800): the key printed as Go bytes, `/<peer id>` decoded. */
export function goQuaiReadErrorLine(at: number, peerId: string): string {
  const bytes = [...Buffer.from(`/${peerId}`)].join(' ');
  // The message is padded to 44 characters before the fields, as logrus' text formatter does.
  return `${logrusPrefix('ERROR', at)} ${'Error reading the key from the peer db'.padEnd(44)} key="[${bytes}]"`;
}

/** Pika master, MetaSync from a replica it still lists (src/pika_server.cc). */
export function pikaSlaveAlreadyExistLine(at: number, replicaAddress: string): string {
  return `${glogPrefix('W', at, 297, 'pika_server.cc:745')} Slave Already Exist, ip_port: ${replicaAddress}`;
}

/** Pika replica, the rejected MetaSync it will resend (src/pika_repl_client_conn.cc). */
export function pikaMetaSyncFailedLine(at: number): string {
  return `${glogPrefix('W', at, 31, 'pika_repl_client_conn.cc:150')} Meta Sync Failed: Slave AlreadyExist will keep sending MetaSync msg`;
}

/** Pika rsync client (src/rsync_client.cc): CopyRemoteMeta in 3.5.0–3.5.2, PullRemoteMeta from 3.5.3. */
export function pikaRsyncRetryLine(at: number, retry: number, step: 'PullRemoteMeta' | 'CopyRemoteMeta' = 'PullRemoteMeta'): string {
  return `${glogPrefix('W', at, 412, 'rsync_client.cc:276')} rsync ${step} request timeout, retry times: ${retry}`;
}

/** Pika full sync given up (src/rsync_client.cc, src/pika_rm.cc). */
export function pikaFullSyncFailedLines(at: number, db: string): string[] {
  return [
    `${glogPrefix('W', at, 412, 'rsync_client.cc:119')} copy remote meta failed! error:Timeout: `,
    `${glogPrefix('W', at, 412, 'rsync_client.cc:72')} RsyncClient recover failed`,
    `${glogPrefix('W', at, 40, 'pika_rm.cc:600')} Slave DB: ${db} rsync failed! full synchronization will be retried later`,
  ];
}

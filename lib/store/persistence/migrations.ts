/**
 * Versioned schema, the same text for SQLite and PostgreSQL (BIGINT/TEXT/
 * INTEGER mean the same to both). Each migration runs once, in a transaction,
 * at start-up; a database whose version is newer than the last one here is refused.
 */
export type Migration = { version: number; description: string; statements: string[] };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'cycles, findings, node status, samples, links, peers, routing, logs',
    statements: [
      'CREATE TABLE cycles (cluster TEXT NOT NULL, started_at BIGINT NOT NULL, duration_ms DOUBLE PRECISION NOT NULL, polled INTEGER NOT NULL, PRIMARY KEY (cluster, started_at))',
      `CREATE TABLE findings (cluster TEXT NOT NULL, id TEXT NOT NULL, first_seen BIGINT NOT NULL, kind TEXT NOT NULL, severity TEXT NOT NULL,
        subject TEXT NOT NULL, summary TEXT NOT NULL, evidence TEXT NOT NULL, last_seen BIGINT NOT NULL, status TEXT NOT NULL,
        resolved_at BIGINT, class TEXT NOT NULL, log_groups TEXT NOT NULL, PRIMARY KEY (cluster, id, first_seen))`,
      'CREATE INDEX findings_open ON findings (cluster, status)',
      'CREATE INDEX findings_time ON findings (cluster, first_seen)',
      'CREATE TABLE status_changes (cluster TEXT NOT NULL, node TEXT NOT NULL, at BIGINT NOT NULL, from_status TEXT NOT NULL, to_status TEXT NOT NULL, reason TEXT)',
      'CREATE INDEX status_changes_time ON status_changes (cluster, at)',
      `CREATE TABLE samples (cluster TEXT NOT NULL, node TEXT NOT NULL, at BIGINT NOT NULL, resolution INTEGER NOT NULL, status TEXT NOT NULL,
        latency_ms DOUBLE PRECISION, reason TEXT, reason_code TEXT, PRIMARY KEY (cluster, node, at))`,
      'CREATE INDEX samples_time ON samples (cluster, at)',
      `CREATE TABLE link_samples (cluster TEXT NOT NULL, node TEXT NOT NULL, link TEXT NOT NULL, at BIGINT NOT NULL, state TEXT NOT NULL,
        lag DOUBLE PRECISION, primary_offset DOUBLE PRECISION, replica_offset DOUBLE PRECISION)`,
      'CREATE INDEX link_samples_time ON link_samples (cluster, at)',
      'CREATE TABLE peer_moves (cluster TEXT NOT NULL, node TEXT NOT NULL, peer TEXT NOT NULL, at BIGINT NOT NULL, from_category TEXT, to_category TEXT)',
      'CREATE INDEX peer_moves_time ON peer_moves (cluster, at)',
      'CREATE TABLE routing_versions (cluster TEXT NOT NULL, node TEXT NOT NULL, at BIGINT NOT NULL, version TEXT, changed TEXT NOT NULL)',
      'CREATE INDEX routing_versions_time ON routing_versions (cluster, at)',
      `CREATE TABLE log_lines (cluster TEXT NOT NULL, seq BIGINT NOT NULL, node TEXT NOT NULL, ts BIGINT NOT NULL, level TEXT NOT NULL,
        component TEXT NOT NULL, code TEXT, message TEXT NOT NULL)`,
      'CREATE INDEX log_lines_time ON log_lines (cluster, ts)',
      'CREATE TABLE log_groups (cluster TEXT NOT NULL, fingerprint TEXT NOT NULL, at BIGINT NOT NULL, count BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (cluster, fingerprint, at))',
    ],
  },
  {
    version: 2,
    description: 'failover incidents as they stood at each change',
    statements: [
      'CREATE TABLE incidents (cluster TEXT NOT NULL, id TEXT NOT NULL, at BIGINT NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (cluster, id, at))',
    ],
  },
  {
    version: 3,
    description: 'where each log file was read up to, so a restart resumes there',
    statements: [
      // "offset" is a keyword in PostgreSQL, hence byte_offset.
      'CREATE TABLE log_positions (cluster TEXT NOT NULL, source INTEGER NOT NULL, path TEXT NOT NULL, dev BIGINT NOT NULL, ino BIGINT NOT NULL, byte_offset BIGINT NOT NULL, PRIMARY KEY (cluster, source, path))',
    ],
  },
  {
    version: 5,
    description: 'what replaying peers, sync, routing and logs as of a past time needs',
    statements: [
      // A node's whole table (base = 1), written first after every start: later versions replay from it.
      'ALTER TABLE routing_versions ADD COLUMN base INTEGER NOT NULL DEFAULT 0',
      'CREATE INDEX routing_versions_node ON routing_versions (cluster, node, at)',
      // Where a node's peer moves start over: its declared categories and the peers still out of every category (JSON);
      // its peers then are moves from nothing at the same time.
      'CREATE TABLE peer_bases (cluster TEXT NOT NULL, node TEXT NOT NULL, at BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (cluster, node, at))',
      'CREATE INDEX peer_moves_node ON peer_moves (cluster, node, at)',
      // Which link a sample is of ("primary" is a keyword, hence primary_node), and what the node literally said.
      'ALTER TABLE link_samples ADD COLUMN primary_node TEXT',
      'ALTER TABLE link_samples ADD COLUMN replica_node TEXT',
      'ALTER TABLE link_samples ADD COLUMN reported_state TEXT',
      'CREATE INDEX link_samples_link ON link_samples (cluster, node, link, at)',
      // What the log classifier reads besides the message: the line's subject and the node's transient hint.
      'ALTER TABLE log_lines ADD COLUMN subject TEXT',
      'ALTER TABLE log_lines ADD COLUMN transient TEXT',
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export class NewerSchemaError extends Error {
  constructor(found: number, location: string) {
    super(
      `the history database at ${location} has schema version ${found}, newer than this Clusterscope knows (${LATEST_SCHEMA_VERSION}): ` +
        'run the newer Clusterscope, or point storage at another data directory or database',
    );
    this.name = 'NewerSchemaError';
  }
}

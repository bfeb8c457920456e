'use client';

import { StatusBadge } from '@/components/ui/StatusBadge';
import { Table } from '@/components/ui/Table';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { formatDuration } from '@/lib/client/format';
import type { GoquaiLocationView, GoquaiNodeView } from '@/lib/diagnostics/goquai-peers-view';
import styles from './peers.module.css';

/** A peer id is long; the table shows its ends and the tooltip the whole id. */
function ShortPeer({ id }: { id: string }) {
  return (
    <code className={styles.nowrap} title={id}>
      {id.length > 18 ? `${id.slice(0, 10)}…${id.slice(-6)}` : id}
    </code>
  );
}

/** A topic string is "<genesis hash>/<location>/<data type>": the hash is the same everywhere. */
function shortLocation(location: string): string {
  const parts = location.split('/');
  return parts.length >= 3 && /^0x[0-9a-f]+$/i.test(parts[0]) ? parts.slice(1).join('/') : location;
}

function Freshness({ location }: { location: GoquaiLocationView }) {
  if (location.freshness === 'unknown') return <StatusBadge status="unknown" label="categories" />;
  if (location.freshness === 'stale') return <StatusBadge status="stale" label="categories" />;
  return <span className="muted">current (every {formatDuration(location.periodMs)})</span>;
}

const count = (value: number | null | undefined) => (value === null || value === undefined ? 'unknown' : String(value));

function LocationRow({ location }: { location: GoquaiLocationView }) {
  return (
    <tr aria-label={`location ${shortLocation(location.location)}`} data-freshness={location.freshness}>
      <th scope="row" title={location.location}>
        {shortLocation(location.location)}
      </th>
      <td>
        written <TimeAgo at={location.roundAt} /> <Freshness location={location} />
        {location.complete ? null : <div className="muted">a bucket is missing from this round</div>}
      </td>
      {location.buckets.map((bucket) => (
        <td key={bucket.category} data-category={bucket.category}>
          <div>
            {bucket.category}: {bucket.peers.length}
          </div>
          <ul className={styles.moves}>
            {bucket.peers.map((peer) => (
              <li key={peer}>
                <ShortPeer id={peer} />
                {location.multiCategoryPeers.includes(peer) ? <span className={`${styles.flag} ${styles.flagMulti}`}>in two</span> : null}
              </li>
            ))}
          </ul>
        </td>
      ))}
    </tr>
  );
}

function NodeCounts({ node }: { node: GoquaiNodeView }) {
  const counts = node.counts;
  return (
    <p className="muted">
      net_peerCount {count(counts?.total)} (in {count(counts?.incoming)}, out {count(counts?.outgoing)}) · PeerGauges numPeers{' '}
      {counts?.metricsConfigured === false ? 'not configured' : count(counts?.metricsPeers)} · {count(node.categorizedPeers)} distinct peers in current categories
      {counts && counts.problems.length > 0 ? ` · ${counts.problems.join('; ')}` : ''}
    </p>
  );
}

/** go-quai nodes: per node, per location, the peers of each bucket as the last `Peer stats` round listed them, with its age; gaps and read errors. */
export function GoquaiCategories({ nodes }: { nodes: GoquaiNodeView[] }) {
  return (
    <>
      {nodes.map((node) => (
        <section key={node.id} aria-label={`go-quai node ${node.id}`}>
          <h3>
            {node.id} <StatusBadge status={node.nodeStatus} label="JSON-RPC" />
          </h3>
          <NodeCounts node={node} />
          {node.locations.length === 0 ? (
            <p className="muted">No Peer stats read yet from this node&apos;s peers.log: its categories are unknown.</p>
          ) : (
            <Table caption={`Peer categories of ${node.id} per location`} dense columns={['Location', 'Peer stats', 'bestPeersDB', 'responsivePeersDB', 'lastResortPeersDB']}>
              <tbody>
                {node.locations.map((location) => (
                  <LocationRow key={location.location} location={location} />
                ))}
              </tbody>
            </Table>
          )}
          {node.gaps.length > 0 ? (
            <Table caption={`Peers that fell between categories on ${node.id}`} dense columns={['Peer', 'Location', 'In no category at', 'Before → after']}>
              <tbody>
                {node.gaps.map((gap) => (
                  <tr key={`${gap.location}:${gap.peer}:${gap.gapAt}`}>
                    <td>
                      <ShortPeer id={gap.peer} />
                    </td>
                    <td title={gap.location}>{shortLocation(gap.location)}</td>
                    <td>
                      <TimeAgo at={gap.gapAt} />
                    </td>
                    <td>
                      {gap.before.categories.join('+')} → {gap.after.categories.join('+')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : null}
          {node.readErrors.length > 0 ? (
            <Table caption={`Peer DB read errors on ${node.id}`} dense columns={['Peer', 'Errors', 'Last', 'Class', 'Back in']}>
              <tbody>
                {node.readErrors.map((track) => (
                  <tr key={track.subject} aria-label={`read errors for ${track.subject}`}>
                    <td>
                      <ShortPeer id={track.subject} />
                    </td>
                    <td>{track.count}</td>
                    <td>
                      <TimeAgo at={track.lastAt} />
                    </td>
                    <td>
                      <StatusBadge status={track.class} label="class" />
                    </td>
                    <td>{track.reappearedIn.length > 0 ? track.reappearedIn.map(shortLocation).join(', ') : <span className="muted">not back</span>}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : null}
        </section>
      ))}
    </>
  );
}

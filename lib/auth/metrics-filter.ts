import { mayRead, type ClusterAccess } from './access';

/** Cluster names are URL-safe (lib/config/schema.ts), so the label value needs no unescaping. */
const CLUSTER_LABEL = /[{,]cluster="([^"\\]*)"/;

/**
 * The Prometheus exposition as one reader may see it: samples labelled with a
 * cluster they may not read are left out; process-wide samples and the
 * HELP/TYPE lines stay (they say nothing about any cluster).
 */
export function metricsVisibleTo(exposition: string, access: ClusterAccess): string {
  if (access.clusters === '*') return exposition;
  return exposition
    .split('\n')
    .filter((line) => {
      if (line.startsWith('#')) return true;
      const cluster = CLUSTER_LABEL.exec(line)?.[1];
      return cluster === undefined || mayRead(access, cluster);
    })
    .join('\n');
}

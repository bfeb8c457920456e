/** Every view lives under its cluster: /clusters/<name>/<view>, and its API under /api/clusters/<name>/<view>. */
export function clusterPath(cluster: string, view = ''): string {
  return `/clusters/${encodeURIComponent(cluster)}${view}`;
}

export function clusterApiPath(cluster: string, path = ''): string {
  return `/api/clusters/${encodeURIComponent(cluster)}${path}`;
}

export function nodePath(cluster: string, nodeId: string): string {
  return clusterPath(cluster, `/nodes/${encodeURIComponent(nodeId)}`);
}

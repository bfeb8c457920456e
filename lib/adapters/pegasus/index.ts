import 'server-only';
import type { SourceKind } from '../kind';
import { PegasusAdapter } from './adapter';
import { discoverPegasusMembers } from './discover';
import type { PegasusTargetConfig } from './target';

export { PegasusAdapter } from './adapter';

export const pegasusSource: SourceKind<PegasusTargetConfig> = {
  label: 'Apache Pegasus',
  // The config's cluster-wide checks may ask before the target itself validated: never assume a meta server.
  address: (target) => target.server?.address ?? target.metaServers[0] ?? `${target.id}: no metaServers`,
  create: (target, context) => new PegasusAdapter(target, context),
  discover: discoverPegasusMembers,
};

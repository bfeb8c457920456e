import { failedReport, type NodeReport } from '@/lib/contract/report';
import { validateNodeTimes } from './node-times';
import type { Redactor } from './redact';
import type { PollOptions, SourceAdapter } from './types';

type Identity = { targetId: string; kind: NodeReport['kind']; address: string };

/**
 * The adapter boundary: every report leaves through here, with the secrets
 * known to the process scrubbed from every string in it (reasons, node text,
 * log lines), and a poll that throws anyway becomes a report that says so.
 * Every time the node sent is checked against the collector's clock (a bad
 * one is not known, not trusted). One place for every source kind, so no
 * adapter needs its own special case.
 */
export function guardedAdapter(inner: SourceAdapter, identity: Identity, redactor: Redactor): SourceAdapter {
  return new GuardedAdapter(inner, identity, redactor);
}

/** A class, not an object of closures: one per target, 5,000 of them at scale. */
class GuardedAdapter implements SourceAdapter {
  constructor(
    private readonly inner: SourceAdapter,
    private readonly identity: Identity,
    private readonly redactor: Redactor,
  ) {}

  async poll(options: PollOptions): Promise<NodeReport> {
    let report: NodeReport;
    try {
      report = await this.inner.poll(options);
    } catch (error) {
      report = failedReport({
        ...this.identity,
        status: 'bad_response',
        reason: { code: 'protocol', message: `adapter error: ${error instanceof Error ? error.message : String(error)}` },
        fetchedAt: options.now(),
      });
    }
    return this.redactor.report(validateNodeTimes(report));
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

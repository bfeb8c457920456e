/**
 * Logs: the log classifier, split along its seams — warnings and errors from every node are fingerprinted,
 * grouped by what they are, and each group is judged transient (stopped,
 * recovered, retried) or persistent (still recurring). The rules are written
 * down in docs/logs.md; keep the two in step.
 *
 * Pure: data and `now` in, data out. The state is folded forward from the
 * lines the log store added since the last fold, so a request never rescans
 * the whole retention.
 */
export * from './lines';
export * from './fingerprint';
export * from './classifier';
export * from './filter';
export * from './view';

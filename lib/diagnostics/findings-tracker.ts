import type { Condition, Finding } from '@/lib/contract/findings';

export type FindingsState = {
  active: ReadonlyMap<string, Finding>;
  /** Newest last; bounded by `maxResolved`. */
  resolved: readonly Finding[];
  /** Active finding ids whose class was set by their diagnostic (kept when they resolve). */
  explicitClass: ReadonlySet<string>;
};

export const emptyFindings: FindingsState = { active: new Map(), resolved: [], explicitClass: new Set() };

export function conditionId(condition: Pick<Condition, 'kind' | 'subject'>): string {
  const { kind, subject } = condition;
  return `${kind}:${subject.type}:${subject.node ?? ''}:${subject.id}`;
}

export type TrackOptions = {
  now: number;
  /** An active condition older than this is persistent unless the diagnostic says otherwise. */
  persistentAfterMs: number;
  maxResolved: number;
};

/**
 * Turns this cycle's conditions into findings: a condition seen again keeps its
 * finding (firstSeen stays, lastSeen moves, evidence is refreshed); one no
 * longer seen is resolved. Default class: resolved → transient (it stopped);
 * active → persistent once older than `persistentAfterMs`. A diagnostic that
 * knows better sets `class` on the condition.
 */
export function trackFindings(previous: FindingsState, conditions: readonly Condition[], options: TrackOptions): FindingsState {
  const { now } = options;
  const active = new Map<string, Finding>();
  const explicitClass = new Set<string>();
  for (const condition of conditions) {
    const id = conditionId(condition);
    if (active.has(id)) continue; // the first report of a duplicate wins; diagnostics should not emit twice
    if (condition.class) explicitClass.add(id);
    const before = previous.active.get(id);
    const firstSeen = before?.firstSeen ?? condition.since ?? now;
    const defaultClass = now - firstSeen >= options.persistentAfterMs ? 'persistent' : 'transient';
    active.set(id, {
      id,
      kind: condition.kind,
      severity: condition.severity,
      subject: condition.subject,
      summary: condition.summary,
      evidence: condition.evidence,
      firstSeen,
      lastSeen: now,
      status: 'active',
      resolvedAt: null,
      class: condition.class ?? defaultClass,
      logGroups: before?.logGroups ?? [],
    });
  }
  const newlyResolved: Finding[] = [];
  for (const [id, finding] of previous.active) {
    if (active.has(id)) continue;
    newlyResolved.push({
      ...finding,
      status: 'resolved',
      resolvedAt: now,
      // A stopped condition is transient, unless its diagnostic had classed it itself.
      class: previous.explicitClass.has(id) ? finding.class : 'transient',
    });
  }
  // A condition that comes back gets a fresh finding; drop its old resolved copy to keep one row per subject.
  const returned = previous.resolved.some((finding) => active.has(finding.id));
  if (newlyResolved.length === 0 && !returned) return { active, resolved: previous.resolved, explicitClass };
  const kept = returned ? previous.resolved.filter((finding) => !active.has(finding.id)) : previous.resolved;
  const resolved = [...kept, ...newlyResolved].slice(-options.maxResolved);
  return { active, resolved, explicitClass };
}

/** Active first by severity then newest; resolved newest first. */

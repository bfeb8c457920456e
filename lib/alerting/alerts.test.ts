import { describe, expect, it } from 'vitest';
import { alertLabels, findingAlert, findingPath } from './alerts';
import { finding } from './testing/fixtures';

describe('findingAlert', () => {
  const timing = { now: 10_000, validForMs: 240_000, externalUrl: 'https://dash.example/' };

  it('labels an alert with kind, cluster, node, subject, severity and class', () => {
    const linkFinding = finding({ id: 'sync.error:link:a->b', kind: 'sync.error', subject: { type: 'link', id: 'a->b', node: 'b' } });
    expect(alertLabels('alpha', linkFinding)).toEqual({
      alertname: 'sync.error',
      cluster: 'alpha',
      node: 'b',
      subject: 'a->b',
      subject_type: 'link',
      severity: 'critical',
      class: 'transient',
    });
  });

  it('fires with endsAt ahead while active, and links to the finding on the dashboard', () => {
    const alert = findingAlert('alpha', finding({ evidence: { reason: 'refused', attempts: 3, last: { code: 'E' } } }), timing);
    expect(alert.startsAt).toBe(new Date(1_000).toISOString());
    expect(alert.endsAt).toBe(new Date(250_000).toISOString());
    expect(alert.annotations).toEqual({
      summary: 'n1 refused the connection',
      evidence: 'reason=refused, attempts=3, last={"code":"E"}',
      dashboard_url: 'https://dash.example/clusters/alpha/nodes/n1',
    });
    expect(alert.generatorURL).toBe('https://dash.example/clusters/alpha/nodes/n1');
  });

  it('ends at the resolution time once resolved', () => {
    const alert = findingAlert('alpha', finding({ status: 'resolved', resolvedAt: 7_000 }), timing);
    expect(alert.endsAt).toBe(new Date(7_000).toISOString());
  });

  it('keeps hostile node text out of label framing: control characters blanked, length bounded', () => {
    const hostile = finding({ subject: { type: 'peer', id: `evil\n${'p'.repeat(400)}`, node: 'n1' }, summary: 'x\u0000y' });
    const alert = findingAlert('alpha', hostile, { ...timing, externalUrl: null });
    expect(alert.labels.subject).not.toContain('\n');
    expect(Array.from(alert.labels.subject)).toHaveLength(256);
    expect(alert.annotations.summary).toBe('x y');
    expect(alert.annotations.dashboard_url).toBeUndefined();
  });

  it('points each finding family at its view within the cluster', () => {
    expect(findingPath('alpha', finding({ kind: 'routing.unowned', subject: { type: 'partition', id: '7' } }))).toBe('/clusters/alpha/routing');
    expect(findingPath('a b', finding())).toBe('/clusters/a%20b/nodes/n1');
  });
});

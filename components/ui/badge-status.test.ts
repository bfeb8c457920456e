import { describe, expect, it } from 'vitest';
import { FINDING_CLASSES, SEVERITIES } from '@/lib/contract/findings';
import { LINK_STATES, NODE_STATUSES } from '@/lib/contract/report';
import { badgeLook, type BadgeStatus } from './badge-status';

const every: BadgeStatus[] = [...NODE_STATUSES, ...LINK_STATES, ...SEVERITIES, 'active', 'resolved', ...FINDING_CLASSES];

describe('badgeLook', () => {
  it('gives every status a text and an icon, so colour is never the only signal', () => {
    for (const status of every) {
      const look = badgeLook(status);
      expect(look.text.length).toBeGreaterThan(0);
      expect(look.icon.length).toBeGreaterThan(0);
    }
  });

  it('never shows unknown or stale like ok', () => {
    const ok = badgeLook('ok');
    for (const status of ['unknown', 'stale'] as const) {
      const look = badgeLook(status);
      expect(look.tone).not.toBe(ok.tone);
      expect(look.icon).not.toBe(ok.icon);
      expect(look.text).not.toBe(ok.text);
    }
    expect(badgeLook('unknown').tone).not.toBe(badgeLook('stale').tone);
  });

  it('marks every failed poll as bad', () => {
    for (const status of ['unreachable', 'timeout', 'bad_response'] as const) {
      expect(badgeLook(status).tone).toBe('bad');
    }
  });

  it('spells statuses in words', () => {
    expect(badgeLook('bad_response').text).toBe('bad response');
    expect(badgeLook('in_sync').text).toBe('in sync');
  });
});

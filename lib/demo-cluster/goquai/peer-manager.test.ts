import { describe, expect, it } from 'vitest';
import { addStatsLine, gapPeers, multiCategoryPeers, type StatsRound } from '@/lib/diagnostics/goquai-rounds';
import { extractEvidence, type PeerStatsEvidence } from '@/lib/logs/extractors';
import { parseLogrus } from '@/lib/logs/formats/logrus';
import { PeerManagerSim, type RaceMode } from './peer-manager';

const START = Date.UTC(2026, 0, 15, 9, 0, 0);
const ROUND_MS = 10_000;

/** Runs a simulated node for `rounds` rounds and reads its lines back as the dashboard does. */
function run(mode: RaceMode, rounds: number, lostPeer = false) {
  const sim = new PeerManagerSim({ seed: 42, mode, peers: 12, roundMs: ROUND_MS, recategorizeEveryMs: 2000, gapMs: 700, lostPeer, start: START });
  const { peersLog, nodeLog } = sim.advance(START + rounds * ROUND_MS + 500);
  const context = { receivedAt: START, utcOffsetMinutes: 0 };
  const evidence = (lines: string[]) => lines.map((text, index) => extractEvidence({ line: parseLogrus(text, context), target: 'q', index })).filter((e) => e !== null);
  const byLocation = new Map<string, StatsRound[]>();
  let building = new Map<string, StatsRound | null>();
  for (const [seq, line] of evidence(peersLog).entries()) {
    if (line.kind !== 'peer.stats') continue;
    const step = addStatsLine(building.get(line.location) ?? null, { ...(line as PeerStatsEvidence), seq });
    if (step.finished) byLocation.set(line.location, [...(byLocation.get(line.location) ?? []), step.finished]);
    building = new Map(building).set(line.location, step.building);
  }
  for (const [location, round] of building) if (round) byLocation.set(location, [...(byLocation.get(location) ?? []), round]);
  return { sim, byLocation, readErrors: evidence(nodeLog).filter((e) => e.kind === 'peer.read_error') };
}

describe('simulated go-quai peer manager', () => {
  it('the released race: readers hit the delete-then-add gap, and rounds catch peers in no DB or in two', () => {
    const { byLocation, readErrors } = run('seed', 30);
    expect(readErrors.length).toBeGreaterThan(0);
    let gaps = 0;
    let multi = 0;
    for (const rounds of byLocation.values()) {
      expect(rounds).toHaveLength(30);
      for (let i = 2; i < rounds.length; i++) gaps += gapPeers(rounds[i - 2], rounds[i - 1], rounds[i]).length;
      for (const round of rounds) multi += multiCategoryPeers(round).length;
    }
    expect(gaps).toBeGreaterThan(0);
    expect(multi).toBeGreaterThan(0);
  });

  it('the fix: atomic moves and consistent rounds, every peer in exactly one DB, no read errors', () => {
    const { byLocation, readErrors } = run('fixed', 30);
    expect(readErrors).toEqual([]);
    for (const rounds of byLocation.values()) {
      for (const round of rounds) {
        const listed = Object.values(round.buckets).flat();
        expect(new Set(listed).size).toBe(12);
        expect(listed).toHaveLength(12);
      }
    }
  });

  it('a lost key: readers keep failing on a peer that is in no DB', () => {
    const { sim, byLocation, readErrors } = run('fixed', 6, true);
    const lost = sim.lostPeer!;
    expect(readErrors.filter((e) => e.kind === 'peer.read_error' && e.peerId === lost).length).toBeGreaterThanOrEqual(10);
    for (const rounds of byLocation.values()) for (const round of rounds) expect(Object.values(round.buckets).flat()).not.toContain(lost);
    expect(sim.connectedPeers()).toBe(11);
  });
});

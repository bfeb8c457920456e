import { pikaFullSyncFailedLines, pikaRsyncRetryLine } from '../system-logs';
import { isoTime } from '../clock';
import { resumeLink, type World } from '../world';
import type { ScenarioDefinition, ScenarioRun } from './types';

export const FULL_SYNC_LINK = 'node-2->node-5';
export const FULL_SYNC_ATTEMPTS = 5;
export const FULL_SYNC_RETRY_MS = 3000;
const ERROR_CODE = 'COPY_REMOTE_META_FAILED';
const ERROR_MESSAGE = 'CopyRemoteMeta failed: rsync of db0 meta: connection reset by peer';

/**
 * Pika's full sync: CopyRemoteMeta fails on every retry. `reported` says so;
 * `masked` is the bug — after the last failure a default-constructed status
 * (which means OK) is returned, so the replica claims in_sync while it
 * applies nothing.
 */
class FullSyncFailure implements ScenarioRun {
  private attempts = 0;
  private nextAttemptAt: number;
  private lastErrorAt = 0;
  private frozenPrimaryOffset: number;

  constructor(
    private readonly world: World,
    private readonly mode: 'reported' | 'masked',
    at: number,
  ) {
    const link = world.link(FULL_SYNC_LINK);
    link.applying = false;
    this.frozenPrimaryOffset = link.primaryOffsetSeenByReplica;
    this.nextAttemptAt = at;
    world.log(link.replica, at, {
      level: 'info',
      component: 'replication/fullsync',
      subject: link.id,
      message: `starting full sync from ${link.primary}`,
    });
  }

  tick(at: number): 'running' {
    const link = this.world.link(FULL_SYNC_LINK);
    if (this.attempts < FULL_SYNC_ATTEMPTS && at >= this.nextAttemptAt) {
      this.attempts++;
      this.nextAttemptAt = at + FULL_SYNC_RETRY_MS;
      this.lastErrorAt = at;
      this.world.log(link.replica, at, {
        level: 'warn',
        component: 'replication/fullsync',
        code: ERROR_CODE,
        subject: link.id,
        message: `full sync attempt ${this.attempts}/${FULL_SYNC_ATTEMPTS} failed: ${ERROR_MESSAGE}`,
      });
      this.world.writeSystemLog(link.replica, 'glog', [pikaRsyncRetryLine(at, this.attempts)]);
      if (this.attempts === FULL_SYNC_ATTEMPTS) this.giveUp(at);
    }
    const exhausted = this.attempts >= FULL_SYNC_ATTEMPTS;
    const lastError = { code: ERROR_CODE, message: ERROR_MESSAGE, at: isoTime(this.lastErrorAt) };
    if (!exhausted) {
      link.claims.replica = { state: 'full_sync', attempts: this.attempts, maxAttempts: FULL_SYNC_ATTEMPTS, ...(this.attempts > 0 ? { lastError } : {}) };
    } else if (this.mode === 'reported') {
      link.claims.replica = { state: 'error', attempts: FULL_SYNC_ATTEMPTS, maxAttempts: FULL_SYNC_ATTEMPTS, lastError };
    } else {
      // The bug: an OK status after the last failure. The replica believes it is in sync
      // with the last primary offset it heard of, so it even reports no lag.
      link.claims.replica = {
        state: 'in_sync',
        attempts: FULL_SYNC_ATTEMPTS,
        maxAttempts: FULL_SYNC_ATTEMPTS,
        primaryOffset: this.frozenPrimaryOffset,
        lag: Math.max(0, this.frozenPrimaryOffset - link.replicaOffset),
        lastError: undefined,
      };
    }
    // The primary keeps writing and waits for a full sync that never completes.
    link.claims.primary = { state: 'full_sync' };
    return 'running';
  }

  private giveUp(at: number): void {
    const link = this.world.link(FULL_SYNC_LINK);
    // Pika's own log says it failed in both modes; only what INFO reports differs (the seed bug).
    this.world.writeSystemLog(link.replica, 'glog', pikaFullSyncFailedLines(at, 'db0'));
    if (this.mode === 'reported') {
      this.world.log(link.replica, at, {
        level: 'error',
        component: 'replication/fullsync',
        code: ERROR_CODE,
        subject: link.id,
        message: `full sync gave up after ${FULL_SYNC_ATTEMPTS}/${FULL_SYNC_ATTEMPTS} attempts: ${ERROR_MESSAGE}`,
      });
    } else {
      this.world.log(link.replica, at, {
        level: 'info',
        component: 'replication/fullsync',
        subject: link.id,
        message: `full sync finished after ${FULL_SYNC_ATTEMPTS}/${FULL_SYNC_ATTEMPTS} attempts, status OK`,
      });
    }
  }

  stop(at: number): void {
    const link = this.world.link(FULL_SYNC_LINK);
    // A successful full sync brings the replica level with its primary at once.
    resumeLink(link, at);
    this.world.log(link.replica, at, {
      level: 'info',
      component: 'replication/fullsync',
      subject: link.id,
      message: `full sync from ${link.primary} completed at offset ${link.primaryOffset}`,
      transient: 'recovered',
    });
  }
}

export const fullSyncRetriesExhausted: ScenarioDefinition = {
  name: 'full-sync-retries-exhausted',
  modes: ['reported', 'masked'],
  summary: 'Pika full sync: CopyRemoteMeta fails 5/5 times; masked mode reports in_sync anyway',
  start: (world, mode, at) => new FullSyncFailure(world, mode === 'masked' ? 'masked' : 'reported', at),
};

import { pikaMetaSyncFailedLine, pikaSlaveAlreadyExistLine } from '../system-logs';
import { isoTime } from '../clock';
import { resumeLink, type World } from '../world';
import type { ScenarioDefinition, ScenarioRun } from './types';

export const REGISTRATION_LINK = 'node-3->node-6';
export const REGISTRATION_EVERY_MS = 3000;
const REJECTION = 'slave already exists';

/**
 * Pika MetaSync: the primary answers a re-registration with an error instead
 * of treating it as success, so the replica retries for ever.
 */
class RegistrationLoop implements ScenarioRun {
  private nextAttemptAt: number;
  private rejections = 0;

  constructor(
    private readonly world: World,
    at: number,
  ) {
    world.link(REGISTRATION_LINK).applying = false;
    this.nextAttemptAt = at;
  }

  tick(at: number): 'running' {
    const link = this.world.link(REGISTRATION_LINK);
    const bothUp = this.world.node(link.primary).up && this.world.node(link.replica).up;
    if (at >= this.nextAttemptAt && bothUp) {
      this.nextAttemptAt = at + REGISTRATION_EVERY_MS;
      this.rejections++;
      link.registration = { at, result: 'rejected', message: REJECTION };
      link.lastIoAt = at;
      const common = { level: 'error', component: 'replication/metasync', code: 'SLAVE_ALREADY_EXISTS', subject: link.id } as const;
      this.world.log(link.primary, at, { ...common, message: `rejected registration from ${link.replica}: ${REJECTION}` });
      this.world.writeSystemLog(link.primary, 'glog', [pikaSlaveAlreadyExistLine(at, `${link.replica}:9221`)]);
      this.world.writeSystemLog(link.replica, 'glog', [pikaMetaSyncFailedLine(at)]);
      this.world.log(link.replica, at, {
        ...common,
        message: `registration with ${link.primary} rejected: ${REJECTION}; retrying in ${REGISTRATION_EVERY_MS / 1000} s`,
      });
    }
    const lastError = { code: 'SLAVE_ALREADY_EXISTS', message: REJECTION, at: isoTime(link.registration.at) };
    // Between attempts the replica waits to reconnect; right after one it is in meta sync.
    const justTried = at - link.registration.at < REGISTRATION_EVERY_MS / 2;
    link.claims.replica = {
      state: justTried ? 'meta_sync' : 'connecting',
      attempts: this.rejections,
      maxAttempts: undefined,
      ...(this.rejections > 0 ? { lastError } : {}),
    };
    link.claims.primary = { state: 'meta_sync', ...(this.rejections > 0 ? { lastError } : {}) };
    return 'running';
  }

  stop(at: number): void {
    const link = this.world.link(REGISTRATION_LINK);
    link.registration = { at, result: 'accepted' };
    resumeLink(link, at);
    this.world.log(link.replica, at, {
      level: 'info',
      component: 'replication/metasync',
      subject: link.id,
      message: `registration with ${link.primary} accepted`,
      transient: 'recovered',
    });
  }
}

export const registrationLoop: ScenarioDefinition = {
  name: 'registration-loop',
  modes: ['loop'],
  summary: 'Pika MetaSync: node-6 re-registers with node-3 every 3 s and is rejected with "slave already exists"',
  start: (world, _mode, at) => new RegistrationLoop(world, at),
};

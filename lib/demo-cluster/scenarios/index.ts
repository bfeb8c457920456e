import { fullSyncRetriesExhausted } from './full-sync-retries-exhausted';
import { peerRecategorizeRace } from './peer-recategorize-race';
import { registrationLoop } from './registration-loop';
import { replicaCrash } from './replica-crash';
import { routingInitRace, routingStuck } from './routing-init-race';
import type { ScenarioDefinition } from './types';

export const SCENARIOS: readonly ScenarioDefinition[] = [
  peerRecategorizeRace,
  fullSyncRetriesExhausted,
  registrationLoop,
  routingInitRace,
  routingStuck,
  replicaCrash,
];

export type { ScenarioDefinition, ScenarioRun } from './types';

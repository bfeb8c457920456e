import type { StorageStatus } from './writer-status';

/** GET /api/storage: the configured engine, why history is not kept (if so), and the writer's status. */
export type StorageView = {
  configured: { engine: 'sqlite' | 'postgres' | 'memory'; retentionDays: number } | null;
  openError: string | null;
  status: StorageStatus | null;
};

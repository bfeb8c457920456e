import { vi } from 'vitest';

// server-only throws outside a React Server environment; unit tests run plain Node.
vi.mock('server-only', () => ({}));

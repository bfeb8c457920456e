import { z } from '@/lib/contract/zod';

/** Field schemas shared by every target kind, so each is validated (and worded) the same way. */

export const targetId = z
  .string({ error: 'expected a target id (text)' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, {
    error: 'expected an id of letters, digits, ".", "_", ":" or "-" (at most 128, starting with a letter or digit)',
  });

export const envVarName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected the NAME of an environment variable, not its value' });

export const httpUrl = z
  .string({ error: 'expected an http(s) URL' })
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
      } catch {
        return false;
      }
    },
    { error: 'expected an http(s) URL without user:password (use bearerTokenEnv for credentials), like "http://10.0.0.5:9100"' },
  );

export const hostPort = z
  .string({ error: 'expected host:port' })
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, { error: 'expected host:port, like "10.0.0.7:6379"' })
  .refine((value) => {
    const port = Number(value.slice(value.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65535;
  }, { error: 'expected a port from 1 to 65535' });


import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';

export type MachineToken = { name: string; secret: string; clusters: '*' | readonly string[] };

/** `Authorization: Bearer <token>` → the token, or null. */
export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer[ ]+([\x21-\x7E]{1,4096})[ ]*$/i.exec(authorization ?? '');
  return match ? match[1] : null;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * The configured token equal to `presented`, compared in constant time: both
 * sides are hashed to one length first, and every token is compared, so
 * neither the position of a mismatch nor which token matched shows in timing.
 */
export function matchMachineToken(presented: string, tokens: readonly MachineToken[]): MachineToken | null {
  const presentedDigest = digest(presented);
  let found: MachineToken | null = null;
  for (const token of tokens) {
    if (timingSafeEqual(presentedDigest, digest(token.secret)) && found === null) found = token;
  }
  return found;
}

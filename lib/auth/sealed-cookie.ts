import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Cookie values encrypted and authenticated with AES-256-GCM: the browser
 * holds them but can neither read nor change them. A cookie sealed for one
 * purpose (the login in progress) never opens as another (the session).
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1.';

export type SealKey = Buffer;

/** The 256-bit key, derived from the configured secret so any long random text will do. */
export function sealKeyFrom(secret: string): SealKey {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'clusterscope', 'sealed-cookie v1', 32));
}

export function seal(payload: object, key: SealKey, purpose: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The payload, or null for anything forged, changed, truncated or sealed with another key or purpose. */
export function unseal(value: string | undefined | null, key: SealKey, purpose: string): unknown {
  if (!value?.startsWith(VERSION) || value.length > 8192) return null;
  const raw = Buffer.from(value.slice(VERSION.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES + 2) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    return JSON.parse(text);
  } catch {
    return null;
  }
}

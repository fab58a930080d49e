import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with this, so a leaked key is easy to spot (and to scan for). */
export const API_KEY_PREFIX = 'ck_';

/** A new key: `ck_<keyId>.<secret>`. `keyId` is not secret; only `hashSecret(secret)` is stored. */
export function generateApiKey(): { keyId: string; secret: string; key: string } {
  const keyId = randomBytes(12).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, key: `${API_KEY_PREFIX}${keyId}.${secret}` };
}

/** The secret is 256 random bits, so a plain sha256 is enough (no dictionary to guess from). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of the presented secret's hash with the stored one. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

/** Personal data no one else has: any trace of it is a leak. */
export const CANARIES = {
  name: 'Quillon Zephyrine-Marchbanks',
  email: 'quillon.zephyrine.canary@example.org',
  phone: '+44 7700 900 481',
  /** What the customer's details are changed to. */
  newEmail: 'zq-marchbanks.canary@example.net',
  newPhone: '01632 960 735',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A phone number however it is punctuated: its national digits, any separators between. */
function phonePattern(phone: string): string {
  const digits = phone.replace(/\D/g, '').replace(/^(44|0)/, '');
  return digits.split('').join('[\\s().-]*');
}

/**
 * What counts as a sighting: a distinctive part of the name, an email or its
 * local part, a phone number's digits, or a SHA-256 of any of them (hashes of
 * personal data are personal data). Case-insensitive.
 */
const NEEDLES: { label: string; pattern: RegExp }[] = [
  ...CANARIES.name
    .split(/[\s-]+/)
    .map((part) => ({ label: `name part ${part}`, pattern: new RegExp(escape(part), 'i') })),
  ...[CANARIES.email, CANARIES.newEmail].flatMap((email) => [
    { label: `email ${email}`, pattern: new RegExp(escape(email.split('@')[0]!), 'i') },
  ]),
  ...[CANARIES.phone, CANARIES.newPhone].map((phone) => ({
    label: `phone ${phone}`,
    pattern: new RegExp(phonePattern(phone)),
  })),
  ...Object.values(CANARIES).flatMap((value) =>
    [value, value.toLowerCase()].map((v) => ({
      label: `sha256 of ${value}`,
      pattern: new RegExp(sha256(v), 'i'),
    })),
  ),
];

/** Each canary sighting in `text`, with a little context, labelled by where it was. */
export function sightings(where: string, text: string): string[] {
  const found: string[] = [];
  for (const { label, pattern } of NEEDLES) {
    const m = pattern.exec(text);
    if (m) {
      const from = Math.max(0, m.index - 80);
      found.push(`${where}: ${label} in …${text.slice(from, m.index + m[0].length + 80)}…`);
    }
  }
  return found;
}

/** Every value held in a Redis database, key by key, whatever the type. */
export async function redisContents(redis: Redis): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === 'string'
          ? await redis.get(key)
          : type === 'hash'
            ? await redis.hgetall(key)
            : type === 'list'
              ? await redis.lrange(key, 0, -1)
              : type === 'set'
                ? await redis.smembers(key)
                : type === 'zset'
                  ? await redis.zrange(key, 0, -1, 'WITHSCORES')
                  : type === 'stream'
                    ? await redis.xrange(key, '-', '+')
                    : `(${type})`;
      out.push(`${key} ${JSON.stringify(value)}`);
    }
  } while (cursor !== '0');
  return out;
}

/**
 * Staff PIN hashing with node:crypto scrypt: a random 16-byte salt per PIN, a 32-byte key, and a
 * constant-time comparison. Hashes are hex strings; the salt is stored beside the hash.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
/** scrypt cost: N = 2^14, r = 8, p = 1 (node's defaults, ~16 MiB and tens of ms per check). */
const SCRYPT_OPTIONS = { N: 16384, r: 8, p: 1 };

function deriveKey(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT_OPTIONS, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

export interface PinHash {
  hash: string;
  salt: string;
}

export async function hashPin(pin: string): Promise<PinHash> {
  const salt = randomBytes(16);
  const key = await deriveKey(pin, salt);
  return { hash: key.toString('hex'), salt: salt.toString('hex') };
}

/** True when `pin` matches; compares in constant time. A malformed stored hash never matches. */
export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'hex');
  if (expected.length !== KEY_LENGTH) return false;
  const key = await deriveKey(pin, Buffer.from(stored.salt, 'hex'));
  return timingSafeEqual(key, expected);
}

/**
 * Password rules (OWASP ASVS 6.2: at least 8 characters, 15 recommended, up to 128 accepted, common
 * passwords refused) and hashing with scrypt (N=2^15, r=8, p=1, 16-byte salt).
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import { COMMON_PASSWORDS } from './common-passwords';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export const passwordSchema = z
  .string()
  .min(8, 'Use at least 8 characters (15 or more is better)')
  .max(128, 'Use at most 128 characters')
  .refine((pw) => !COMMON_PASSWORDS.has(pw.toLowerCase()), 'This password is too common; choose another');

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password.normalize('NFKC'), salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) {
    // Same work as a real check, so timing does not tell whether the account has a password.
    await scrypt(password, Buffer.alloc(16), 32, PARAMS);
    return false;
  }
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return crypto.timingSafeEqual(actual, expected);
}

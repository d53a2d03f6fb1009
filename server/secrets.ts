/**
 * The application secret and what is derived from it. Without APP_SECRET (allowed outside production),
 * a random one is created once and kept in data/app-secret, next to the embedded database.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function resolveAppSecret(configured: string | undefined, dataDir = path.resolve('data')): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'app-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}

/** A random token with `bytes` bytes of entropy (default 32 = 256 bits), URL-safe. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** SHA-256 hex of a token: what the database keeps instead of the token. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** AES-256-GCM under `key`, with `context` as additional data when given: `iv.tag.ciphertext` in base64url. */
function sealWith(key: Buffer, plain: string, context?: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  if (context !== undefined) cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

function openWith(key: Buffer, sealed: string, context?: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  if (context !== undefined) decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/**
 * AES-256-GCM under one purpose's own key, each sealed value bound to a context (the additional data): a value
 * sealed for one row or person does not open for another, so a copied ciphertext reads nothing.
 */
export interface BoundBox {
  seal(plain: string, context: string): string;
  /** Throws when the value was not sealed for `context` (or was altered). */
  open(sealed: string, context: string): string;
}

/** Keyed operations derived from the app secret. */
export class Keyring {
  private readonly boxKey: Buffer;
  private readonly macKey: Buffer;
  private readonly answerKey: Buffer;
  private readonly derive: (label: string) => Buffer;

  constructor(secret: string) {
    this.derive = (label: string) => Buffer.from(crypto.hkdfSync('sha256', secret, 'pulse', label, 32));
    this.boxKey = this.derive('secret-box');
    this.macKey = this.derive('mac');
    this.answerKey = this.derive('sealed-answers');
  }

  /** A box with its own key for `purpose` (derived from the app secret; e.g. "private-notes"). */
  boxFor(purpose: string): BoundBox {
    const key = this.derive(`box:${purpose}`);
    return { seal: (plain, context) => sealWith(key, plain, context), open: (sealed, context) => openWith(key, sealed, context) };
  }

  /**
   * AES-256-GCM under the sealed-answers key, binding `context` (a round id) as associated data, so a sealed
   * answer cannot be moved to another round. The result is iv (12 bytes) · tag (16) · ciphertext (as long as `plain`).
   */
  sealBytes(plain: Buffer, context: string): Buffer {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.answerKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Opens what sealBytes sealed for `context`; throws when it was altered or sealed for another context. */
  openBytes(sealed: Uint8Array, context: string): Buffer {
    const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.answerKey, buf.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]);
  }

  /** HMAC-SHA256 (base64url) of `value` under the app secret. */
  mac(value: string): string {
    return crypto.createHmac('sha256', this.macKey).update(value).digest('base64url');
  }

  /** AES-256-GCM encryption; the result is `iv.tag.ciphertext` in base64url. */
  seal(plain: string): string {
    return sealWith(this.boxKey, plain);
  }

  open(sealed: string): string {
    return openWith(this.boxKey, sealed);
  }
}

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh unguessable token for links and refresh credentials (256 bits). */
export const newSecret = () => randomBytes(32).toString('base64url');

/** Link and refresh secrets are stored only as their SHA-256, so a database leak reveals none. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function hmac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
